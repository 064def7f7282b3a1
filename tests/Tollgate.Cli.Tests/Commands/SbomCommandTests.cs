using System.Text.Json;
using Tollgate.Cli.CommandLine;
using Tollgate.Sbom.Native;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Cli.Tests.Commands;

public class SbomCommandTests
{
    private static string Sample => "oci-dir:" + AlpineSample.CommittedLayout + ":" + AlpineSample.Tag;

    [Fact]
    public async Task NativeJsonToFile_ReadsBackWithEveryPackage()
    {
        // samples/alpine-oci carries the minirootfs apk database: 14 packages. --file puts the default (json)
        // output in the file; the native reader must read it back with the same packages and purls.
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "sbom.json");
            var code = await Program.RunAsync(["sbom", Sample, "--file", path], CancellationToken.None);

            Assert.Equal(ExitCodes.Success, code);
            await using var stream = File.OpenRead(path);
            var analysis = NativeJson.Read(stream, path);
            Assert.Equal(14, analysis.Packages.Count);
            Assert.Contains(analysis.Packages, p => p.Purl == "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3");
            Assert.Equal("alpine", analysis.Distro?.Id);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task CycloneDx_IsValidAgainstTheOfficialSchema_AndListsEveryPurl()
    {
        // The CycloneDX 1.6 JSON schema (with its spdx and jsf references) from the shared corpora is the oracle.
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "bom.json");
            Assert.Equal(ExitCodes.Success, await Program.RunAsync(["sbom", Sample, "-o", "cyclonedx-json=" + path], CancellationToken.None));

            var json = await File.ReadAllTextAsync(path);
            var schemas = TestPaths.Corpus("schemas", "cyclonedx");
            var errors = JsonSchemaValidator.Validate(Path.Combine(schemas, "bom-1.6.schema.json"), json,
                Path.Combine(schemas, "spdx.schema.json"), Path.Combine(schemas, "jsf-0.82.schema.json"));
            Assert.Empty(errors);
            using var doc = JsonDocument.Parse(json);
            var purls = doc.RootElement.GetProperty("components").EnumerateArray()
                .Where(c => c.GetProperty("type").GetString() == "library").Select(c => c.GetProperty("purl").GetString()).ToList();
            Assert.Equal(14, purls.Count);
            Assert.All(purls, p => Assert.StartsWith("pkg:apk/alpine/", p));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BadArguments_AreUsageErrors()
    {
        // Two outputs to stdout plus --file is ambiguous; an unknown format is named; a missing Dockerfile is named.
        Assert.Equal(ExitCodes.Error, await Program.RunAsync(["sbom", Sample, "-o", "xml"], CancellationToken.None));
        Assert.Equal(ExitCodes.Error, await Program.RunAsync(["sbom", Sample, "--dockerfile", "/nonexistent/Dockerfile"], CancellationToken.None));
        Assert.Equal(ExitCodes.Error, await Program.RunAsync(["sbom", "oci-dir:/nonexistent/layout"], CancellationToken.None));
    }
}
