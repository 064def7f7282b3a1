using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.TestSupport;

namespace Tollgate.Deploy.Tests;

/// <summary>
/// The service image built by scripts/build-service-image.sh (via build-test-images.sh, image "tollgate") passes
/// Tollgate's own DoD pack, with deploy/Containerfile as the dockerfile the gate reads; and the image carries what
/// the Containerfile declares, so the two build paths cannot drift apart.
/// </summary>
public sealed partial class ServiceImageTests
{
    private static readonly string Containerfile = Path.Combine(TestPaths.RepoRoot, "deploy", "Containerfile");

    private static string ServiceImage => "oci-dir:" + TestPaths.RequireTestData("tollgate", "oci") + ":test";

    [Fact]
    public async Task ServiceImagePassesItsOwnDodPack()
    {
        var report = Path.Combine(Path.GetTempPath(), $"tollgate-dod-{Guid.NewGuid():n}.json");
        try
        {
            var (exit, stdout, stderr) = await Tool.TollgateAsync("check", ServiceImage, "--policy", "pack:dod", "--dockerfile", Containerfile, "-o", "table", "-o", "json=" + report);
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            var json = File.ReadAllText(report);
            Assert.DoesNotContain("\"STOP\"", json.Replace("\"final_action\": \"STOP\"", string.Empty, StringComparison.Ordinal));
            Assert.Contains("WARN", stdout); // no vulnerability DB given, and a base image not pinned by digest
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task TheSameCheckStopsTheBadImage()
    {
        var bad = "oci-dir:" + TestPaths.RequireTestData("dod-bad", "oci") + ":latest";
        var (exit, stdout, _) = await Tool.TollgateAsync("check", bad, "--policy", "pack:dod");
        Assert.Equal(1, exit);
        Assert.Contains("suid_or_guid_set", stdout);
    }

    [Fact]
    public void ImageCarriesWhatTheContainerfileDeclares()
    {
        var config = ImageConfig(TestPaths.RequireTestData("tollgate", "oci"), "test");
        var file = File.ReadAllText(Containerfile).Replace("\\\n", " ", StringComparison.Ordinal);
        var runtime = file[file.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.Equal(Instruction(runtime, "USER"), (string?)config["User"]);
        Assert.Matches("^[0-9]+:[0-9]+$", (string?)config["User"]);
        Assert.Equal(Instruction(runtime, "WORKDIR"), (string?)config["WorkingDir"]);
        Assert.Equal(Instruction(runtime, "EXPOSE").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(),
            config["ExposedPorts"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(JsonArray(Instruction(runtime, "ENTRYPOINT")), Strings(config["Entrypoint"]));
        Assert.Equal(JsonArray(Instruction(runtime, "CMD")), Strings(config["Cmd"]));
        var healthcheck = Instruction(runtime, "HEALTHCHECK");
        Assert.Equal(["CMD", .. JsonArray(healthcheck[(healthcheck.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..])], Strings(config["Healthcheck"]!["Test"]));

        var labels = LabelKey().Matches(Instruction(runtime, "LABEL")).Select(m => m.Groups[1].Value).Order();
        Assert.Equal(labels, config["Labels"]!.AsObject().Select(l => l.Key).Order());
        var env = Regex.Matches(Instruction(runtime, "ENV"), @"(\w+)=").Select(m => m.Groups[1].Value).Order();
        Assert.Equal(env, Strings(config["Env"]).Select(e => e[..e.IndexOf('=')]).Order());
    }

    /// <summary>The config object of the manifest tagged <paramref name="tag"/> in an OCI layout.</summary>
    private static JsonNode ImageConfig(string layout, string tag)
    {
        JsonNode Blob(string digest) => JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])))!;
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!;
        var manifest = index["manifests"]!.AsArray().Single(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == tag)!;
        return Blob((string)Blob((string)manifest["digest"]!)["config"]!["digest"]!)["config"]!;
    }

    private static string Instruction(string containerfile, string name) =>
        Regex.Match(containerfile, $@"^{name} +(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();

    private static List<string> JsonArray(string text) => JsonSerializer.Deserialize<List<string>>(text)!;

    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => (string)n!).ToList();

    [GeneratedRegex(@"(org\.opencontainers\.image\.[a-z.]+)=")]
    private static partial Regex LabelKey();
}
