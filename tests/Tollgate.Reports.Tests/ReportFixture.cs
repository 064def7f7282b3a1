using Tollgate.Analysis;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Reports.Tests;

/// <summary>
/// A real report input: the committed Alpine sample image analysed by the real pipeline and checked against the
/// built-in dod pack (it runs as root, so the pack has findings), plus vulnerability matches on its real packages.
/// </summary>
public sealed class ReportFixture : IAsyncLifetime
{
    public ReportInput Input { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var source = "oci-dir:" + Path.Combine(TestPaths.RepoRoot, "samples", "alpine-oci") + ":3.20.3";
        var bundle = BundleLoader.Load("pack:dod", strict: false).Bundle!;
        var input = await PolicyInputLoader.LoadAsync(source, bundle, new AnalyzeOptions());
        var musl = input.Analysis.Packages.First(p => p.Name == "musl");
        var busybox = input.Analysis.Packages.First(p => p.Name == "busybox");
        var scan = new ScanResult
        {
            Matches =
            [
                Match("CVE-2024-0001", musl, Severities.High, ["1.2.5-r1"]),
                Match("CVE-2024-0002", busybox, Severities.Critical, []),
                Match("CVE-2024-0003", busybox, Severities.Low, ["1.36.1-r30"]),
            ],
        };
        input = input with { Tag = "localhost/alpine:3.20.3", Vulnerabilities = scan };
        var evaluation = PolicyEvaluator.Evaluate(bundle, input);
        Input = new ReportInput { Analysis = input.Analysis, Scan = scan, Evaluation = evaluation, Bundle = bundle, GeneratedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static VulnerabilityMatch Match(string id, Analysis.Model.Package p, string severity, string[] fixedIn) => new()
    {
        Id = id,
        PackageId = p.Id,
        PackageName = p.Name,
        PackageVersion = p.Version,
        PackageType = p.Type,
        Purl = p.Purl,
        Severity = severity,
        FixState = fixedIn.Length > 0 ? FixStates.Fixed : FixStates.NotFixed,
        FixedIn = fixedIn,
        Namespace = "alpine:3.20",
        MatchedBy = "package",
        Locations = p.Locations,
        Urls = [$"https://nvd.nist.gov/vuln/detail/{id}"],
    };
}
