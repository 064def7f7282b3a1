using Tollgate.Cli.CommandLine;
using Tollgate.Sbom;
using Tollgate.Sbom.Common;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Filters;
using Tollgate.Vulnerabilities.Matching;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Output;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate scan`: analyse an image (or read an SBOM), match it against the DB, filter, report, gate.</summary>
public sealed class ScanCommand : ICommand
{
    private static readonly string[] Formats = ["table", "json", "cyclonedx-json", .. Reports.ReportRenderers.ScanFormats];

    public string Name => "scan";

    public string Summary => "find vulnerabilities in an image or SBOM";

    public string Usage => $"""
        usage: tollgate scan <source|sbom:FILE> [--db FILE] [--fail-on SEVERITY] [--only-fixed]
                             [--vex FILE]... [--ignore FILE] [--show-suppressed] [-o FORMAT[=FILE]]...

          --fail-on SEVERITY  exit 1 when an unsuppressed match is at least this severe ({string.Join(", ", Severities.Ordered).ToLowerInvariant()})
          --only-fixed        report only matches that have a fixed version
          --vex FILE          OpenVEX or CycloneDX VEX: not_affected/fixed statements suppress matches (repeatable)
          --ignore FILE       ignore rules (YAML/JSON): vulnerability, package name/version/purl/location glob, fix-state,
                              reason, expires
          --show-suppressed   list suppressed matches too (marked with what suppressed them)
          -o FORMAT[=FILE]    {string.Join(", ", Formats)} (default table)
          --db FILE           vulnerability DB (default: $TOLLGATE_DB, else ~/.local/share/tollgate/vulns.db)
          -q, --quiet         no progress on stderr (none either when CI=true or stderr is not a terminal)
        exit codes: 0 no gate tripped, 1 --fail-on tripped, 2 error
        """;

    public IReadOnlySet<string> ValueOptions { get; } = SourceOptions.With(AnalysisSource.ValueOptions, "--db", "--fail-on", "--vex", "--ignore");

    public IReadOnlySet<string> FlagOptions { get; } = SourceOptions.With(AnalysisSource.FlagOptions, "--only-fixed", "--show-suppressed");

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source or sbom:FILE");
        var failOn = args.Value("--fail-on");
        if (failOn is not null && !Severities.Ordered.Contains(failOn, StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException($"--fail-on '{failOn}': expected one of {string.Join(", ", Severities.Ordered).ToLowerInvariant()}");
        }

        var outputs = OutputTarget.Validate(args.Outputs, Formats, "table");
        var now = DateTimeOffset.UtcNow;
        var filters = new List<IMatchFilter>();
        if (args.Values("--vex") is { Count: > 0 } vex)
        {
            filters.Add(VexDocuments.Load(vex));
        }

        if (args.Value("--ignore") is { } ignore)
        {
            filters.Add(IgnoreRules.Load(ignore, now));
        }

        using var db = VulnDb.Open(VulnDbLocation.Resolve(args.Value("--db")));
        var progress = ProgressReporter.For(args);
        var analysis = await progress.StepAsync($"reading and analysing {source}", () => AnalysisSource.LoadAsync(source, args, cancellationToken));
        var scan = progress.Step("matching vulnerabilities", () => new VulnerabilityMatcher(db).Scan(analysis));
        var matches = MatchFilters.Apply(scan.Matches, filters)
            .Where(m => !args.Flag("--only-fixed") || m.FixState == FixStates.Fixed)
            .ToList();
        var shown = scan with { Matches = args.Flag("--show-suppressed") ? matches : matches.Where(m => m.SuppressedBy is null).ToList() };

        var report = new Reports.Model.ReportInput { Analysis = analysis, Scan = shown, GeneratedAt = SbomSettings.FromEnvironment().Created };
        foreach (var target in outputs)
        {
            if (target.Format == "cyclonedx-json")
            {
                target.WriteBytes(stream => SbomFormats.Write(SbomFormats.CycloneDxJson, analysis, stream, SbomSettings.FromEnvironment(), shown.Matches));
                continue;
            }

            if (ReportOutputs.TryWrite(target, report))
            {
                continue;
            }

            target.Write(w =>
            {
                switch (target.Format)
                {
                    case "json":
                        w.WriteLine(Output.VersionedJson.Write(System.Text.Json.JsonSerializer.SerializeToNode(shown, ScanJsonContext.Default.ScanResult)!, "schemaVersion", Output.VersionedJson.ScanVersion));
                        break;
                    default:
                        ScanTable.Write(shown, w, TerminalColour.For(target) ? TerminalColour.Severity : null);
                        break;
                }
            });
        }

        var tripped = failOn is not null && matches.Any(m => m.SuppressedBy is null && Severities.Rank(m.Severity) >= Severities.Rank(failOn));
        if (tripped)
        {
            Console.Error.WriteLine($"tollgate: --fail-on {failOn!.ToLowerInvariant()}: {matches.Count(m => m.SuppressedBy is null && Severities.Rank(m.Severity) >= Severities.Rank(failOn))} matches at or above");
        }

        return tripped ? ExitCodes.GateTripped : ExitCodes.Success;
    }
}
