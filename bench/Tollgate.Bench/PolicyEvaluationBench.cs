using System.Diagnostics;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Packs;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Bench;

/// <summary>
/// `policy-eval [oci-dir:SOURCE]`: evaluates a 40-rule bundle (pack:dod plus the default pack's vulnerability rules)
/// on a 1,000-package analysis (the given image's packages and files repeated up to 1,000 packages, or a generated
/// Debian-like one), against a baseline in the same run: one plain pass of every rule's parameters over every
/// package and file (the least any evaluator must touch). Target: evaluation ≤ 50 ms.
/// </summary>
public sealed class PolicyEvaluationBench : IBench
{
    private const int Packages = 1000;
    private const int Runs = 30;

    public string Name => "policy-eval";

    public string Summary => "40-rule bundle on a 1,000-package analysis vs a plain scan baseline (target <= 50 ms)";

    public async Task<int> RunAsync(string[] args)
    {
        var bundle = FortyRules();
        var input = args.Length > 0
            ? await FromImage(args[0], bundle)
            : Generated();
        var rules = bundle.Policies.Sum(p => p.Rules.Count);
        Console.WriteLine($"bundle: {rules} rules; image: {input.Analysis.Packages.Count} packages, {input.Analysis.Files.Count} files, {input.Vulnerabilities!.Matches.Count} vulnerability matches");

        var options = new EvaluationOptions();
        var evaluation = PolicyEvaluator.Evaluate(bundle, input, options);
        _ = Baseline(bundle, input);
        var eval = Median(() => PolicyEvaluator.Evaluate(bundle, input, options).Findings.Count);
        var baseline = Median(() => Baseline(bundle, input));
        Console.WriteLine($"evaluation: median {eval:F2} ms over {Runs} runs ({evaluation.Findings.Count} findings, final {evaluation.FinalAction})");
        Console.WriteLine($"baseline  : median {baseline:F2} ms (plain scan of {rules} rules over packages and files)");
        Console.WriteLine($"ratio     : {eval / baseline:F2}x baseline; target 50 ms: {(eval <= 50 ? "met" : "MISSED")}");
        foreach (var (rule, ms) in SlowestRules(bundle, input, options).Take(5))
        {
            Console.WriteLine($"  slowest rule {rule,-32} {ms:F2} ms");
        }

        return 0;
    }

    /// <summary>pack:dod (37 rules) and the default pack's three vulnerability package/feed rules.</summary>
    private static PolicyBundle FortyRules()
    {
        var dod = PackCatalog.Find("dod")!.Bundle;
        var extra = PackCatalog.Find("default")!.Bundle.Policies[0].Rules.Where(r => r.Gate == "vulnerabilities").Take(40 - dod.Policies.Sum(p => p.Rules.Count));
        var policy = dod.Policies[0] with { Rules = [.. dod.Policies[0].Rules, .. extra] };
        return dod with { Policies = [policy] };
    }

    /// <summary>Each rule alone (gate data prepared fresh), slowest first: where the time goes.</summary>
    private static IEnumerable<(string Rule, double Ms)> SlowestRules(PolicyBundle bundle, PolicyInput input, EvaluationOptions options) =>
        bundle.Policies[0].Rules
            .Select(r => (r.Id ?? r.Gate + "/" + r.Trigger, Median(() => PolicyEvaluator.Evaluate(bundle with { Policies = [bundle.Policies[0] with { Rules = [r] }] }, input, options).Findings.Count)))
            .OrderByDescending(x => x.Item2);

    private static double Median(Func<int> run)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var sw = Stopwatch.StartNew();
            _ = run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Each rule's parameter values compared once against every package name and file path.</summary>
    private static int Baseline(PolicyBundle bundle, PolicyInput input)
    {
        var hits = 0;
        foreach (var rule in bundle.Policies.SelectMany(p => p.Rules))
        {
            var values = rule.Params.Select(p => p.Value).ToArray();
            foreach (var p in input.Analysis.Packages)
            {
                hits += values.Count(v => v == p.Name);
            }

            foreach (var f in input.Analysis.Files)
            {
                hits += values.Count(v => f.Path.EndsWith(v, StringComparison.Ordinal));
            }
        }

        return hits;
    }

    private static async Task<PolicyInput> FromImage(string source, PolicyBundle bundle)
    {
        var input = await PolicyInputLoader.LoadAsync(source, bundle, new AnalyzeOptions());
        var real = input.Analysis.Packages;
        var packages = Enumerable.Range(0, Packages).Select(i => real[i % real.Count] is var p && i < real.Count ? p : p with { Id = p.Id + "#" + i, Name = $"{p.Name}-{i}" }).ToList();
        var analysis = input.Analysis with { Packages = packages };
        return input with { Analysis = analysis, Tag = "docker.io/library/bench:1.0", Vulnerabilities = Matches(packages) };
    }

    /// <summary>A Debian-like analysis: 1,000 packages, 20 files each, a passwd, setuid programs, two exposed ports.</summary>
    private static PolicyInput Generated()
    {
        var packages = new List<Package>();
        var files = new List<FileFact>();
        for (var i = 0; i < Packages; i++)
        {
            var name = $"lib-bench{i}";
            var owned = Enumerable.Range(0, 20).Select(j => $"/usr/lib/x86_64-linux-gnu/{name}/file{j}.so").ToList();
            packages.Add(new Package
            {
                Id = $"deb:{name}@1.{i}-1",
                Name = name,
                Version = $"1.{i}-1",
                Type = PackageTypes.Deb,
                FoundBy = "dpkg-db",
                Licenses = [new LicenseInfo { Value = i % 3 == 0 ? "GPL-2+" : "MIT" }],
                Locations = [new Location("/var/lib/dpkg/status", i % 3)],
                Files = [.. owned.Select(p => new OwnedFile(p))],
            });
            files.AddRange(owned.Select(p => new FileFact { Path = p, Type = "file", Mode = i % 97 == 0 ? 0x9ED : 0x1A4, Size = 4096, Layer = i % 3 }));
        }

        var analysis = new ImageAnalysis
        {
            Image = new ImageMetadata
            {
                Source = "generated",
                SourceKind = "oci-dir",
                Architecture = "amd64",
                Config = new ImageConfig { ExposedPorts = ["22/tcp", "8080/tcp"], Cmd = ["/bin/bash"] },
                History = [new HistoryEntry { CreatedBy = "ADD file:0123abcd in /" }, new HistoryEntry { CreatedBy = "/bin/sh -c apt-get update && apt-get install -y curl" }],
                Layers = [new LayerDescriptor { Index = 0, DiffId = "sha256:00", Size = 30_000_000 }],
            },
            Distro = new Distro { Id = "debian", VersionId = "12" },
            Packages = packages,
            Files = files,
        };
        return new PolicyInput
        {
            Analysis = analysis,
            Tag = "docker.io/library/bench:1.0",
            Vulnerabilities = Matches(packages),
            RetrievedFiles = new Dictionary<string, string> { ["/etc/passwd"] = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" },
        };
    }

    /// <summary>One vulnerability for every third package, severities cycling, half with a fix.</summary>
    private static ScanResult Matches(IReadOnlyList<Package> packages) => new()
    {
        Matches = packages.Where((_, i) => i % 3 == 0).Select((p, i) => new VulnerabilityMatch
        {
            Id = $"CVE-2024-{10000 + i}",
            PackageId = p.Id,
            PackageName = p.Name,
            PackageVersion = p.Version,
            PackageType = p.Type,
            Severity = Severities.Ordered[i % Severities.Ordered.Count],
            FixState = i % 2 == 0 ? FixStates.Fixed : FixStates.NotFixed,
            FixedIn = i % 2 == 0 ? ["9.9"] : [],
            Namespace = "debian:12",
            MatchedBy = "package",
            Urls = [$"https://security-tracker.debian.org/tracker/CVE-2024-{10000 + i}"],
            Locations = p.Locations,
        }).ToList(),
        Database = new VulnDbInfo { Path = "bench.db", BuiltAt = DateTimeOffset.UtcNow, Sources = [new FeedSourceInfo("debian-tracker", DateTimeOffset.UtcNow, 100_000)] },
    };
}
