using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Oscal;
using Tollgate.TestSupport;

namespace Tollgate.Reports.Tests.Oscal;

public class OscalReportTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly string Schema = TestPaths.Corpus("schemas", "oscal", "oscal_complete_schema-1.1.1.json");

    private string Render()
    {
        using var ms = new MemoryStream();
        new OscalRenderer().Render(fixture.Input, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public void Validates_against_the_OSCAL_1_1_schema()
    {
        Assert.Empty(JsonSchemaValidator.Validate(Schema, Render()));
    }

    [Fact]
    public void The_schema_check_accepts_NIST_s_example_and_rejects_a_broken_result()
    {
        // The oracle itself: the official assessment-results example passes, and ours with one required member removed
        // and one enum value wrong does not (so the validation above can fail).
        Assert.Empty(JsonSchemaValidator.Validate(Schema, File.ReadAllText(TestPaths.Corpus("samples", "oscal", "ifa_assessment-results-example.json"))));
        var broken = JsonNode.Parse(Render())!;
        var result = broken["assessment-results"]!["results"]![0]!;
        result.AsObject().Remove("reviewed-controls");
        result["findings"]![0]!["target"]!["status"]!["state"] = "mostly-fine";
        Assert.NotEmpty(JsonSchemaValidator.Validate(Schema, broken.ToJsonString()));
    }

    [Fact]
    public void Every_STOP_finding_is_an_observation_behind_a_not_satisfied_finding_for_each_of_its_NIST_controls()
    {
        using var doc = JsonDocument.Parse(Render());
        var result = doc.RootElement.GetProperty("assessment-results").GetProperty("results")[0];
        var observations = result.GetProperty("observations").EnumerateArray().ToList();
        var findings = result.GetProperty("findings").EnumerateArray().ToList();
        var stops = fixture.Input.VisibleFindings.Where(f => f.Action == PolicyActions.Stop).ToList();
        Assert.NotEmpty(stops);
        Assert.All(stops, f => Assert.NotEmpty(f.Controls.Nist));

        foreach (var stop in stops)
        {
            var observation = Assert.Single(observations, o => Prop(o, "trigger-id") == stop.TriggerId && Prop(o, "policy-id") == stop.PolicyId);
            Assert.Equal(stop.Message, observation.GetProperty("description").GetString());
            var uuid = observation.GetProperty("uuid").GetString();
            var related = findings.Where(f => f.TryGetProperty("related-observations", out var r)
                && r.EnumerateArray().Any(x => x.GetProperty("observation-uuid").GetString() == uuid)).ToList();
            foreach (var nist in stop.Controls.Nist)
            {
                var control = OscalControlId.Parse(nist)!;
                var finding = Assert.Single(related, f => f.GetProperty("target").GetProperty("target-id").GetString() == control.TargetId);
                Assert.Equal("not-satisfied", finding.GetProperty("target").GetProperty("status").GetProperty("state").GetString());
                Assert.Equal(nist, Prop(finding, "nist-800-53"));
            }
        }

        // Rules that found nothing are assessed too, as satisfied.
        Assert.Contains(findings, f => f.GetProperty("target").GetProperty("status").GetProperty("state").GetString() == "satisfied");
        var reviewed = result.GetProperty("reviewed-controls").GetProperty("control-selections")[0].GetProperty("include-controls")
            .EnumerateArray().Select(c => c.GetProperty("control-id").GetString()).ToList();
        Assert.All(stops.SelectMany(s => s.Controls.Nist), n => Assert.Contains(OscalControlId.Parse(n)!.ControlId, reviewed));
    }

    [Fact]
    public void References_resolve_within_the_document_and_the_image_is_the_subject()
    {
        using var doc = JsonDocument.Parse(Render());
        var ar = doc.RootElement.GetProperty("assessment-results");
        var result = ar.GetProperty("results")[0];
        var local = result.GetProperty("local-definitions");
        var image = Assert.Single(local.GetProperty("components").EnumerateArray());
        Assert.Equal(fixture.Input.Analysis.Image.ManifestDigest, Prop(image, "manifest-digest"));
        var subjects = local.GetProperty("components").EnumerateArray()
            .Concat(local.TryGetProperty("inventory-items", out var items) ? items.EnumerateArray() : [])
            .Select(c => c.GetProperty("uuid").GetString()).ToHashSet();
        var observationIds = result.GetProperty("observations").EnumerateArray().Select(o => o.GetProperty("uuid").GetString()).ToHashSet();
        var platform = local.GetProperty("assessment-assets").GetProperty("assessment-platforms")[0].GetProperty("uuid").GetString();

        Assert.All(result.GetProperty("observations").EnumerateArray(), o =>
        {
            Assert.Contains(o.GetProperty("subjects").EnumerateArray(), s => s.GetProperty("subject-uuid").GetString() == image.GetProperty("uuid").GetString());
            Assert.All(o.GetProperty("subjects").EnumerateArray(), s => Assert.Contains(s.GetProperty("subject-uuid").GetString(), subjects));
            Assert.Equal(platform, o.GetProperty("origins")[0].GetProperty("actors")[0].GetProperty("actor-uuid").GetString());
        });
        Assert.All(result.GetProperty("findings").EnumerateArray().Where(f => f.TryGetProperty("related-observations", out _)),
            f => Assert.All(f.GetProperty("related-observations").EnumerateArray(), r => Assert.Contains(r.GetProperty("observation-uuid").GetString(), observationIds)));
        var href = ar.GetProperty("import-ap").GetProperty("href").GetString()!;
        Assert.Equal(href.TrimStart('#'), ar.GetProperty("back-matter").GetProperty("resources")[0].GetProperty("uuid").GetString());

        // Every uuid is unique in the document.
        var all = new List<string>();
        CollectUuids(doc.RootElement, all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Has_the_members_of_NIST_s_assessment_results_example()
    {
        using var ours = JsonDocument.Parse(Render());
        using var sample = JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus("samples", "oscal", "ifa_assessment-results-example.json")));
        string[] paths =
        [
            "uuid", "metadata.title", "metadata.last-modified", "metadata.version", "metadata.oscal-version", "import-ap.href",
            "results.0.uuid", "results.0.title", "results.0.description", "results.0.start", "results.0.end",
            "results.0.reviewed-controls.control-selections.0.include-controls.0.control-id",
            "results.0.observations.0.methods.0", "results.0.observations.0.types.0", "results.0.observations.0.subjects.0.subject-uuid",
            "results.0.observations.0.subjects.0.type", "results.0.observations.0.collected",
            "results.0.findings.0.target.type", "results.0.findings.0.target.target-id", "results.0.findings.0.target.status.state",
            "results.0.findings.0.related-observations.0.observation-uuid",
        ];
        foreach (var path in paths)
        {
            Assert.True(At(sample.RootElement.GetProperty("assessment-results"), path) is not null, $"sample lacks {path}");
            Assert.True(At(ours.RootElement.GetProperty("assessment-results"), path) is not null, $"ours lacks {path}");
        }
    }

    [Fact]
    public void Same_input_gives_the_same_document()
    {
        Assert.Equal(Render(), Render());
    }

    [Theory]
    [InlineData("AC-6(10)", "ac-6.10", null)]
    [InlineData("CM-7 a", "cm-7", "cm-7_smt.a")]
    [InlineData("IA-5(2)(a)", "ia-5.2", "ia-5.2_smt.a")]
    [InlineData("CM-7(1)(b)", "cm-7.1", "cm-7.1_smt.b")]
    [InlineData("RA-5", "ra-5", null)]
    [InlineData("SI-2 c", "si-2", "si-2_smt.c")]
    public void Nist_references_take_the_catalog_s_ids(string nist, string control, string? statement)
    {
        Assert.Equal(new OscalControlId(control, statement), OscalControlId.Parse(nist));
    }

    [Theory]
    [InlineData("CCI-000366")]
    [InlineData("see policy")]
    [InlineData("")]
    public void Text_that_is_no_800_53_reference_gets_no_id(string text)
    {
        Assert.Null(OscalControlId.Parse(text));
    }

    private static string? Prop(JsonElement e, string name) =>
        e.TryGetProperty("props", out var props) ? props.EnumerateArray().FirstOrDefault(p => p.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } p ? p.GetProperty("value").GetString() : null : null;

    private static JsonElement? At(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (int.TryParse(part, out var i))
            {
                if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() <= i)
                {
                    return null;
                }

                e = e[i];
            }
            else if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
            {
                return null;
            }
        }

        return e;
    }

    private static void CollectUuids(JsonElement e, List<string> into)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "uuid")
                {
                    into.Add(p.Value.GetString()!);
                }

                CollectUuids(p.Value, into);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                CollectUuids(item, into);
            }
        }
    }
}
