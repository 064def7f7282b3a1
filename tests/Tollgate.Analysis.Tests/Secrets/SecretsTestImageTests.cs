using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Secrets;

/// <summary>
/// The built test images (scripts/build-test-images.sh): "secrets" has fake credentials planted by
/// scripts/testimages/plant_secrets.py and described in its planted.json (the oracle); "debian" and "alpine" are clean.
/// </summary>
public sealed class SecretsTestImageTests
{
    [Fact]
    public async Task Every_planted_secret_of_the_secrets_image_is_found()
    {
        var image = TestPaths.RequireTestData("secrets", "oci");
        var planted = JsonDocument.Parse(File.ReadAllText(TestPaths.RequireTestData("secrets", "planted.json"))).RootElement;

        var analysis = await ImageAnalyzer.AnalyzeAsync($"oci-dir:{image}:latest", new AnalyzeOptions());

        foreach (var p in planted.EnumerateArray())
        {
            var rule = p.GetProperty("rule").GetString()!;
            var value = p.GetProperty("value").GetString()!;
            var deleted = p.GetProperty("deletedInLaterLayer").GetBoolean();
            SecretFinding? finding = p.GetProperty("path").ValueKind == JsonValueKind.String
                ? analysis.Secrets.FirstOrDefault(s => s.RuleId == rule && s.Where == p.GetProperty("path").GetString()
                    && s.Line == p.GetProperty("line").GetInt32() && s.Layer == p.GetProperty("layer").GetInt32())
                : analysis.Secrets.FirstOrDefault(s => s.RuleId == rule && s.Kind == "env");
            Assert.True(finding is not null, $"planted {rule} not found; found {string.Join(", ", analysis.Secrets.Select(s => $"{s.RuleId}@{s.Where}:{s.Line}"))}");
            Assert.Equal(deleted, finding.DeletedInLaterLayer);
            // Four characters of the secret and a mask (for PEM keys, of the key body rather than the BEGIN line).
            Assert.Matches(@"^.{4}\*\*\*$", finding.Redacted);
            Assert.Contains(finding.Redacted[..4], value, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("debian", "oci:latest")]
    [InlineData("alpine", "oci:3.20.3-amd64")]
    // Debian's ruby and webrick sources hold sample passwords in comments and code; they are dpkg's files under /usr.
    [InlineData("lang", "oci:latest")]
    public async Task Clean_images_have_no_findings(string name, string layout)
    {
        var tag = layout[(layout.IndexOf(':') + 1)..];
        var dir = TestPaths.RequireTestData(name, layout[..layout.IndexOf(':')]);

        var analysis = await ImageAnalyzer.AnalyzeAsync($"oci-dir:{dir}:{tag}", new AnalyzeOptions());

        Assert.Empty(analysis.Secrets);
    }
}
