using System.Globalization;
using System.Text;
using System.Xml;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Junit;

/// <summary>
/// JUnit XML for CI test tabs: a testcase per policy rule (failure when it decided STOP, stdout with WARN details) and,
/// when scanned, a testcase per vulnerable package (failure listing its vulnerabilities).
/// </summary>
public sealed class JunitRenderer : IReportRenderer
{
    public string Format => "junit";

    public void Render(ReportInput input, Stream output)
    {
        var rules = RuleCatalog.Rules(input);
        var packages = input.VisibleMatches.GroupBy(m => (m.PackageName, m.PackageVersion)).ToList();
        var ruleFailures = rules.Count(r => r.Outcome == PolicyActions.Stop);
        var time = input.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "tollgate " + input.ImageName);
        w.WriteAttributeString("tests", (rules.Count + packages.Count).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", (ruleFailures + packages.Count).ToString(CultureInfo.InvariantCulture));
        if (input.Evaluation is not null)
        {
            Suite(w, "policy " + (input.Evaluation.BundleName ?? input.Evaluation.BundleId), rules.Count, ruleFailures, time, () =>
            {
                foreach (var rule in rules)
                {
                    TestCase(w, rule.Gate, $"{rule.Id}: {rule.Trigger} ({rule.Action})", () =>
                    {
                        var details = string.Join('\n', rule.Findings.Select(f => $"[{f.Action}] {f.Message} (trigger id {f.TriggerId})"));
                        if (rule.Outcome == PolicyActions.Stop)
                        {
                            Failure(w, $"{rule.Findings.Count(f => f.Action == PolicyActions.Stop)} finding(s) stop the image", details + Controls(rule));
                        }
                        else if (rule.Findings.Count > 0)
                        {
                            w.WriteElementString("system-out", details + Controls(rule));
                        }
                    });
                }
            });
        }

        if (input.Scan is not null)
        {
            Suite(w, "vulnerabilities", packages.Count, packages.Count, time, () =>
            {
                foreach (var group in packages)
                {
                    TestCase(w, "vulnerabilities", $"{group.Key.PackageName} {group.Key.PackageVersion}", () =>
                        Failure(w, $"{group.Count()} vulnerabilit{(group.Count() == 1 ? "y" : "ies")}",
                            string.Join('\n', group.Select(m => $"{m.Id} {m.Severity} {m.FixState}{(m.FixedIn.Count > 0 ? " fixed in " + string.Join(", ", m.FixedIn) : "")}"))));
                }
            });
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static string Controls(ReportRule rule) =>
        rule.Controls.Nist.Count == 0 ? "" : $"\nControls: NIST SP 800-53 {string.Join(", ", rule.Controls.Nist)}" +
            (rule.Controls.Srg.Count > 0 ? $"; SRG {string.Join(", ", rule.Controls.Srg)}" : "") +
            (rule.Remediation.Length > 0 ? $"\nRemediation: {rule.Remediation}" : "");

    private static void Suite(XmlWriter w, string name, int tests, int failures, string time, Action body)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("timestamp", time);
        body();
        w.WriteEndElement();
    }

    private static void TestCase(XmlWriter w, string className, string name, Action body)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", className);
        w.WriteAttributeString("name", name);
        body();
        w.WriteEndElement();
    }

    private static void Failure(XmlWriter w, string message, string text)
    {
        w.WriteStartElement("failure");
        w.WriteAttributeString("message", message);
        w.WriteAttributeString("type", "tollgate");
        w.WriteString(text);
        w.WriteEndElement();
    }
}
