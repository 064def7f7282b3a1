using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Tollgate.Sbom.Common;
using Tollgate.Sbom.CycloneDx;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Sbom.Tests;

public class CycloneDxTests
{
    private static readonly SbomSettings Settings = new() { Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

    private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

    private static IReadOnlyList<string> ValidateJson(string json, string version) =>
        JsonSchemaValidator.Validate(SchemaPath($"bom-{version}.schema.json"), json, SchemaPath("spdx.schema.json"), SchemaPath("jsf-0.82.schema.json"));

    private static VulnerabilityMatch LodashMatch(string packageId) => new()
    {
        Id = "CVE-2021-23337",
        Aliases = ["GHSA-35jh-r3h4-6jhm"],
        PackageId = packageId,
        PackageName = "lodash",
        PackageVersion = "4.17.20",
        PackageType = "npm",
        Severity = Severities.High,
        SeveritySource = "ghsa",
        CvssScore = 7.2,
        CvssVector = "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H",
        FixState = FixStates.Fixed,
        FixedIn = ["4.17.21"],
        Namespace = "osv:npm",
        MatchedBy = "ecosystem",
        Urls = ["https://github.com/advisories/GHSA-35jh-r3h4-6jhm"],
    };

    [Theory]
    [InlineData("1.6")]
    [InlineData("1.5")]
    public void Json_output_with_vulnerabilities_validates_against_the_official_schema(string version)
    {
        var analysis = SampleAnalysis.Alpine();
        var lodash = analysis.Packages.Single(p => p.Name == "lodash");
        var json = CdxJsonWriter.WriteToString(CdxMapper.ToBom(analysis, Settings, version, [LodashMatch(lodash.Id)]));

        Assert.Empty(ValidateJson(json, version));
        using var doc = JsonDocument.Parse(json);
        var vuln = doc.RootElement.GetProperty("vulnerabilities")[0];
        Assert.Equal("CVE-2021-23337", vuln.GetProperty("id").GetString());
        // affects[].ref points at the component's bom-ref.
        Assert.Equal(lodash.Id, vuln.GetProperty("affects")[0].GetProperty("ref").GetString());
        Assert.Contains(doc.RootElement.GetProperty("components").EnumerateArray(), c => c.GetProperty("bom-ref").GetString() == lodash.Id);
    }

    [Fact]
    public void Schema_validation_rejects_a_broken_bom()
    {
        var json = CdxJsonWriter.WriteToString(CdxMapper.ToBom(SampleAnalysis.Alpine(), Settings)).Replace("\"library\"", "\"not-a-type\"");

        Assert.NotEmpty(ValidateJson(json, "1.6"));
    }

    [Fact]
    public void Xml_output_validates_against_the_official_xsd()
    {
        var analysis = SampleAnalysis.Alpine();
        var xml = CdxXmlWriter.WriteToString(CdxMapper.ToBom(analysis, Settings, "1.6", [LodashMatch(analysis.Packages.Single(p => p.Name == "lodash").Id)]));

        var errors = new List<string>();
        var schemas = new XmlSchemaSet();
        schemas.Add("http://cyclonedx.org/schema/spdx", SchemaPath("spdx.xsd"));
        schemas.Add("http://cyclonedx.org/schema/bom/1.6", SchemaPath("bom-1.6.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Json_and_xml_round_trips_keep_every_package()
    {
        var original = SampleAnalysis.Alpine();
        var bom = CdxMapper.ToBom(original, Settings);

        using var json = JsonDocument.Parse(CdxJsonWriter.WriteToString(bom));
        SpdxTests.AssertSamePackages(original, CdxReader.ReadJson(json.RootElement, "x.cdx.json"));
        var fromXml = CdxReader.ReadXml(new MemoryStream(Encoding.UTF8.GetBytes(CdxXmlWriter.WriteToString(bom))), "x.cdx.xml");
        SpdxTests.AssertSamePackages(original, fromXml);
        Assert.Equal("alpine", fromXml.Distro?.Id);
        Assert.Contains(fromXml.Relationships, r => r.Type == "depends-on");
    }

    [Fact]
    public void Output_is_byte_identical_for_the_same_input_and_time()
    {
        Assert.Equal(CdxJsonWriter.WriteToString(CdxMapper.ToBom(SampleAnalysis.Alpine(), Settings)),
            CdxJsonWriter.WriteToString(CdxMapper.ToBom(SampleAnalysis.Alpine(), Settings)));
    }

    [Theory]
    [InlineData("valid-bom-1.6.json")]
    [InlineData("valid-dependency-1.6.json")]
    [InlineData("valid-license-expression-1.6.json")]
    public void Reads_the_official_CycloneDX_samples(string file)
    {
        var path = TestPaths.Corpus("samples", "cyclonedx", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var analysis = CdxReader.ReadJson(doc.RootElement, file);

        static int Count(JsonElement e) => e.TryGetProperty("components", out var cs) ? cs.EnumerateArray().Sum(c => 1 + Count(c)) : 0;
        var expected = Count(doc.RootElement) - doc.RootElement.GetProperty("components").EnumerateArray().Count(c => c.GetProperty("type").GetString() == "operating-system");
        Assert.Equal(expected, analysis.Packages.Count);
    }

    [Fact]
    public void Reads_the_official_xml_sample()
    {
        using var stream = File.OpenRead(TestPaths.Corpus("samples", "cyclonedx", "valid-bom-1.6.xml"));
        var analysis = CdxReader.ReadXml(stream, "valid-bom-1.6.xml");

        Assert.Contains(analysis.Packages, p => p.Purl is not null);
    }

    [Fact]
    public void A_component_without_a_name_is_an_error_naming_the_path()
    {
        using var doc = JsonDocument.Parse("""{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","version":"1"}]}""");

        var e = Assert.Throws<SbomFormatException>(() => CdxReader.ReadJson(doc.RootElement, "bad.json"));
        Assert.Contains("$.components[0].name", e.Message);
    }
}

public class CycloneDxLibraryValidatorTests
{
    [Theory]
    [InlineData("1.6")]
    [InlineData("1.5")]
    public void Output_passes_the_official_cyclonedx_library_validator(string version)
    {
        var tool = Path.Combine(TestPaths.RepoRoot, "tests", "tools", "cyclonedx-validate");
        Assert.True(Directory.Exists(Path.Combine(tool, "node_modules")),
            $"run 'npm ci --prefix {tool}' (scripts/test.sh does) to install the validator");
        var analysis = SampleAnalysis.Alpine();
        var file = Path.Combine(TestPaths.NewTempDir(), "bom.json");
        var bom = CdxMapper.ToBom(analysis, new SbomSettings { Created = DateTimeOffset.UnixEpoch }, version,
            [new VulnerabilityMatch
            {
                Id = "CVE-2020-28500", PackageId = analysis.Packages.Single(p => p.Name == "lodash").Id, PackageName = "lodash",
                PackageVersion = "4.17.20", PackageType = "npm", Severity = Severities.Medium, FixState = FixStates.Fixed,
                FixedIn = ["4.17.21"], Namespace = "osv:npm", MatchedBy = "ecosystem",
            }]);
        File.WriteAllText(file, CdxJsonWriter.WriteToString(bom));

        var psi = new System.Diagnostics.ProcessStartInfo("node", ["validate.mjs", version, file])
        {
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = System.Diagnostics.Process.Start(psi)!;
        var output = node.StandardOutput.ReadToEnd() + node.StandardError.ReadToEnd();
        node.WaitForExit();

        Assert.True(node.ExitCode == 0, output);
        Assert.Contains("valid", output);
    }
}
