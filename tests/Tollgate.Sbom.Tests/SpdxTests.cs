using System.Text;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Common;
using Tollgate.Sbom.Spdx;
using Tollgate.TestSupport;

namespace Tollgate.Sbom.Tests;

public class SpdxTests
{
    private static readonly SbomSettings Settings = new() { Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

    private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

    [Fact]
    public void Json_output_validates_against_the_official_SPDX_2_3_schema()
    {
        var json = SpdxJsonWriter.WriteToString(SpdxMapper.ToSpdx(SampleAnalysis.Alpine(), Settings));

        Assert.Empty(JsonSchemaValidator.Validate(SchemaPath("spdx-schema-2.3.json"), json));
    }

    [Fact]
    public void Schema_validation_can_fail_so_the_test_above_means_something()
    {
        var json = SpdxJsonWriter.WriteToString(SpdxMapper.ToSpdx(SampleAnalysis.Alpine(), Settings))
            .Replace("\"spdxVersion\"", "\"spdxVersionX\"");

        Assert.NotEmpty(JsonSchemaValidator.Validate(SchemaPath("spdx-schema-2.3.json"), json));
    }

    [Fact]
    public void Json_round_trip_keeps_name_version_purl_licenses_and_locations_of_every_package()
    {
        var original = SampleAnalysis.Alpine();
        var json = SpdxJsonWriter.WriteToString(SpdxMapper.ToSpdx(original, Settings));
        var back = SpdxMapper.ToAnalysis(SpdxJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.spdx.json"));

        AssertSamePackages(original, back);
        Assert.Contains("files", back.NotAvailable);
    }

    [Fact]
    public void Tag_value_round_trip_keeps_every_package()
    {
        var original = SampleAnalysis.Alpine();
        var text = new StringWriter();
        SpdxTagValueWriter.Write(SpdxMapper.ToSpdx(original, Settings), text);
        var back = SpdxMapper.ToAnalysis(SpdxTagValueReader.Read(new StringReader(text.ToString()), "x.spdx"));

        AssertSamePackages(original, back);
    }

    [Fact]
    public void Output_is_byte_identical_for_the_same_input_and_time()
    {
        var a = SpdxJsonWriter.WriteToString(SpdxMapper.ToSpdx(SampleAnalysis.Alpine(), Settings));
        var b = SpdxJsonWriter.WriteToString(SpdxMapper.ToSpdx(SampleAnalysis.Alpine(), Settings));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Reads_the_official_SPDX_examples_in_both_encodings()
    {
        using var json = File.OpenRead(TestPaths.Corpus("samples", "spdx", "SPDXJSONExample-v2.3.spdx.json"));
        var fromJson = SpdxJsonReader.Read(json, "SPDXJSONExample-v2.3.spdx.json");
        var fromTag = SpdxTagValueReader.Read(File.OpenText(TestPaths.Corpus("samples", "spdx", "SPDXTagExample-v2.3.spdx")), "SPDXTagExample-v2.3.spdx");

        // The two files are the same document: same packages by name and version.
        Assert.Equal(4, fromJson.Packages.Count);
        Assert.Equal(fromJson.Packages.Select(p => (p.Name, p.VersionInfo)).OrderBy(x => x.Name),
            fromTag.Packages.Select(p => (p.Name, p.VersionInfo)).OrderBy(x => x.Name));
        Assert.Contains(fromJson.Packages, p => p.ExternalRefs.Any(r => r.Type == "purl" && r.Locator.StartsWith("pkg:maven/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missing_required_field_names_the_file_and_the_field()
    {
        var e = Assert.Throws<SbomFormatException>(() =>
            SpdxJsonReader.Read(new MemoryStream("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[]}"u8.ToArray()), "broken.json"));

        Assert.Contains("broken.json", e.Message);
        Assert.Contains("name", e.Message);
    }

    internal static void AssertSamePackages(ImageAnalysis expected, ImageAnalysis actual)
    {
        Assert.Equal(expected.Packages.Count, actual.Packages.Count);
        foreach (var p in expected.Packages)
        {
            var q = Assert.Single(actual.Packages, x => x.Id == p.Id);
            Assert.Equal(p.Name, q.Name);
            Assert.Equal(p.Version, q.Version);
            Assert.Equal(p.Purl, q.Purl);
            Assert.Equal(p.Type, q.Type);
            Assert.Equal(p.Licenses.Select(l => (l.Value, l.SpdxExpression)), q.Licenses.Select(l => (l.Value, l.SpdxExpression)));
            Assert.Equal(p.Locations.Select(l => (l.Path, l.Layer)), q.Locations.Select(l => (l.Path, l.Layer)));
            Assert.Equal(p.OwnedBy, q.OwnedBy);
        }
    }
}

public class SbomReaderTests
{
    private static readonly SbomSettings Settings = new() { Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

    [Theory]
    [InlineData(SbomFormats.Native)]
    [InlineData(SbomFormats.CycloneDxJson)]
    [InlineData(SbomFormats.CycloneDxXml)]
    [InlineData(SbomFormats.SpdxJson)]
    [InlineData(SbomFormats.SpdxTagValue)]
    public void Detects_every_written_format_from_its_content(string format)
    {
        var original = SampleAnalysis.Alpine();
        using var ms = new MemoryStream();
        SbomFormats.Write(format, original, ms, Settings);
        ms.Position = 0;

        SpdxTests.AssertSamePackages(original, SbomReader.Read(ms, "input"));
    }

    [Theory]
    [InlineData("{\"hello\":1}", "not a Tollgate, CycloneDX, SPDX or syft SBOM")]
    [InlineData("{\"bomFormat\":\"CycloneDX\",\"components\":[", "malformed JSON")]
    [InlineData("hello", "not an SBOM")]
    public void Bad_input_gets_a_clear_error_naming_the_file(string content, string problem)
    {
        var e = Assert.Throws<SbomFormatException>(() => SbomReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(content)), "bad.sbom"));

        Assert.Contains("bad.sbom", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Unknown_fields_are_tolerated()
    {
        var json = """{"bomFormat":"CycloneDX","specVersion":"1.6","futureField":{"x":1},"components":[{"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1","newThing":true}]}""";

        var analysis = SbomReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "future.json");

        Assert.Equal("a", Assert.Single(analysis.Packages).Name);
        Assert.Equal("npm", analysis.Packages[0].Type);
    }
}

public class RealImageRoundTripTests
{
    private static readonly SbomSettings Settings = new() { Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };

    private static readonly Dictionary<string, Lazy<Task<ImageAnalysis>>> Images = new()
    {
        // The committed sample: 14 real Alpine 3.20.3 packages plus classifier finds.
        ["sample"] = new(() => Analyze("oci-dir:" + Path.Combine(TestPaths.RepoRoot, "samples", "alpine-oci") + ":3.20.3")),
        // The Debian test image built by scripts/build-test-images.sh from real packages (~100 debs with files and edges).
        ["debian"] = new(() => Analyze("oci-dir:" + TestPaths.RequireTestData("debian", "oci") + ":latest")),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var image in Images.Keys)
        {
            foreach (var format in SbomFormats.Names)
            {
                data.Add(image, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_real_analysed_test_image_round_trips_every_package(string image, string format)
    {
        var original = await Images[image].Value;
        Assert.True(original.Packages.Count >= 14);
        using var ms = new MemoryStream();
        SbomFormats.Write(format, original, ms, Settings);
        ms.Position = 0;

        SpdxTests.AssertSamePackages(original, SbomReader.Read(ms, $"{image}.{format}"));
    }

    private static Task<ImageAnalysis> Analyze(string source) =>
        Tollgate.Analysis.ImageAnalyzer.AnalyzeAsync(source, new Tollgate.Analysis.AnalyzeOptions());

    [Fact]
    public void A_1_GB_document_is_refused_with_a_clear_error_instead_of_being_parsed()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "huge.json");
        using (var f = File.Create(path))
        {
            f.WriteByte((byte)'{');
            f.SetLength(1L << 30); // sparse: costs no disk
        }

        var e = Assert.Throws<SbomFormatException>(() => SbomReader.ReadFile(path));
        Assert.Contains("huge.json", e.Message);
        Assert.Contains("limit", e.Message);
        File.Delete(path);
    }
}
