using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;
using Tollgate.TestSupport;

namespace Tollgate.Reports.Tests;

public class ReportFormatTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

    private string Render(string format)
    {
        using var ms = new MemoryStream();
        ReportRenderers.Find(format)!.Render(fixture.Input, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public void The_fixture_has_findings_to_render()
    {
        // The sample runs as root and has no healthcheck, so the dod pack must find something; otherwise every test below is vacuous.
        Assert.NotEmpty(fixture.Input.VisibleFindings);
        Assert.Equal(3, fixture.Input.VisibleMatches.Count);
    }

    [Fact]
    public void Sarif_validates_against_the_SARIF_2_1_0_schema()
    {
        // The official schema is draft-04, which the validator library does not speak; its keywords used here
        // ("id", definitions, $ref) mean the same in draft-07 once "id" is spelled "$id".
        var schema = File.ReadAllText(SchemaPath("sarif-schema-2.1.0.json"))
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#")
            .Replace("\"id\": \"https://docs.oasis-open.org", "\"$id\": \"https://docs.oasis-open.org");
        var converted = Path.Combine(TestPaths.NewTempDir(), "sarif.schema.json");
        File.WriteAllText(converted, schema);
        var sarif = Render("sarif");

        Assert.Empty(JsonSchemaValidator.Validate(converted, sarif));
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "CVE-2024-0002");
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("text").GetString())));
        Assert.Contains(run.GetProperty("results").EnumerateArray(), r =>
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == "lib/apk/db/installed");
    }

    [Fact]
    public void Sarif_points_at_the_dockerfile_line_when_one_is_given()
    {
        var dockerfile = Path.Combine(TestPaths.NewTempDir(), "Dockerfile");
        File.WriteAllLines(dockerfile, ["FROM alpine:3.20", "RUN apk add curl", "USER root", "CMD [\"/bin/sh\"]"]);
        var input = fixture.Input with { DockerfilePath = dockerfile };
        using var ms = new MemoryStream();
        new Sarif.SarifRenderer().Render(input, ms);
        using var doc = JsonDocument.Parse(ms.ToArray());

        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("locations")[0].GetProperty("physicalLocation") is var loc
            && loc.GetProperty("artifactLocation").GetProperty("uri").GetString()!.EndsWith("Dockerfile", StringComparison.Ordinal)
            && loc.GetProperty("region").GetProperty("startLine").GetInt32() == 3);
    }

    [Fact]
    public void Gitlab_report_validates_against_the_container_scanning_schema()
    {
        var json = Render("gitlab");

        Assert.Empty(JsonSchemaValidator.Validate(SchemaPath("container-scanning-report-format-15.2.1.json"), json));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(3, doc.RootElement.GetProperty("vulnerabilities").GetArrayLength());
    }

    [Fact]
    public void Junit_validates_against_its_xsd_with_a_testcase_per_rule()
    {
        var xml = Render("junit");
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add(null, SchemaPath("junit-10.xsd"));
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(errors);
        var doc = XDocument.Parse(xml);
        var ruleCount = fixture.Input.Bundle!.Policies.Where(p => fixture.Input.Evaluation!.Policies.Any(o => o.PolicyId == p.Id)).Sum(p => p.Rules.Count);
        Assert.True(doc.Descendants("testcase").Count() >= ruleCount);
        Assert.NotEmpty(doc.Descendants("failure"));
    }

    [Fact]
    public void Ckl_has_the_structure_of_the_real_STIG_Viewer_samples_and_parses_back()
    {
        var ours = XDocument.Parse(Render("ckl"));
        var sample = XDocument.Load(TestPaths.Corpus("samples", "stig", "small_ckl_overrides.ckl"));

        Assert.Subset(sample.Descendants().Select(e => e.Name.LocalName).ToHashSet(), ours.Descendants().Select(e => e.Name.LocalName).ToHashSet());
        Assert.Subset(sample.Descendants("VULN_ATTRIBUTE").Select(e => e.Value).ToHashSet(), ours.Descendants("VULN_ATTRIBUTE").Select(e => e.Value).ToHashSet());
        var statuses = ours.Descendants("STATUS").Select(s => s.Value).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { "NotAFinding", "Open", "Not_Applicable", "Not_Reviewed" }));
        Assert.Contains("Open", statuses);
        // Every open VULN carries its evidence and the NIST controls of its rule.
        Assert.All(ours.Descendants("VULN").Where(v => v.Element("STATUS")!.Value == "Open"),
            v => Assert.False(string.IsNullOrWhiteSpace(v.Element("FINDING_DETAILS")!.Value)));
    }

    [Fact]
    public void Cklb_has_the_fields_of_the_real_sample_and_parses_back()
    {
        using var ours = JsonDocument.Parse(Render("cklb"));
        using var sample = JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus("samples", "stig", "converted-rhel8_sample_oneOfEachControlStatus.cklb")));

        static HashSet<string> Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(Keys(sample.RootElement), Keys(ours.RootElement));
        var ourRule = ours.RootElement.GetProperty("stigs")[0].GetProperty("rules")[0];
        var sampleRule = sample.RootElement.GetProperty("stigs")[0].GetProperty("rules")[0];
        // Only fields STIG Viewer's own files have, and every field a reviewer needs.
        Assert.Subset(Keys(sampleRule), Keys(ourRule));
        Assert.Subset(Keys(ourRule), new HashSet<string> { "group_id", "rule_id", "rule_version", "rule_title", "severity", "status", "finding_details", "ccis", "fix_text" });
        Assert.Contains(ours.RootElement.GetProperty("stigs")[0].GetProperty("rules").EnumerateArray(), r => r.GetProperty("status").GetString() == "open");
    }

    [Fact]
    public void Html_is_one_offline_file_with_summary_chart_and_policy_results()
    {
        var html = Render("html");

        Assert.Contains("<svg", html);
        Assert.Contains("id=\"summary\"", html);
        Assert.Contains("id=\"policy\"", html);
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains(PolicyActions.Stop, html);
    }
}
