using System.Text.Json;
using Tollgate.Analysis;
using Tollgate.Cli.CommandLine;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Matching;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate check SOURCE --policy FILE|pack:NAME`: evaluate a policy bundle; exit 0 GO/WARN, 1 STOP, 2 error.</summary>
public sealed class CheckCommand : ICommand
{
    private static readonly string[] Formats = ["table", "json", "anchore-json", "cyclonedx-json", .. Reports.ReportRenderers.Formats];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "check";

    public string Summary => "evaluate a policy bundle or built-in pack against an image (exit 1 on STOP)";

    public string Usage => """
        usage: tollgate check <source> --policy FILE|pack:NAME [options] [-o FORMAT[=FILE]]...
          formats: table, json, anchore-json, cyclonedx-json, sarif, junit, gitlab, ckl, cklb, html, oscal
          --policy FILE|pack:NAME  Anchore bundle (1_0 or v2, JSON or YAML) or a built-in pack (tollgate policy packs)
          --tag REF                tag the mappings are matched against (default: the image's own tag)
          --dockerfile FILE        the Dockerfile the image was built from (dockerfile gate: actual, not guessed)
          --db FILE                vulnerability database (else $TOLLGATE_DB); without one, vulnerability rules
                                   report "vulnerability data not available"
          --fail-closed            STOP when no mapping selects the image (Anchore: GO)
          --expiring-days N        list exceptions expiring within N days (default 30)
          -q, --quiet              no progress on stderr (none either when CI=true or stderr is not a terminal)
        exit codes: 0 GO or WARN, 1 STOP, 2 error
        """ + SourceOptions.Usage;

    public IReadOnlySet<string> ValueOptions { get; } =
        SourceOptions.With(SourceOptions.ValueOptions, "--policy", "--tag", "--dockerfile", "--db", "--expiring-days");

    public IReadOnlySet<string> FlagOptions { get; } = SourceOptions.With(SourceOptions.FlagOptions, "--fail-closed");

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source");
        var policy = args.Value("--policy") ?? throw new UsageException("missing --policy FILE|pack:NAME");
        var outputs = OutputTarget.Validate(args.Outputs, Formats, "table");
        var expiringDays = args.Value("--expiring-days") is { } d
            ? int.TryParse(d, out var days) && days >= 0 ? days : throw new UsageException($"--expiring-days: '{d}' is not a number of days")
            : 30;

        var read = BundleLoader.Load(policy, strict: false);
        foreach (var p in read.Problems)
        {
            Console.Error.WriteLine($"tollgate: {policy}: {p}");
        }

        if (read.HasErrors)
        {
            return ExitCodes.Error;
        }

        var options = await AnalysisSource.OptionsAsync(args, cancellationToken);
        var progress = ProgressReporter.For(args);
        var input = await progress.StepAsync($"reading and analysing {source}", () => PolicyInputLoader.LoadAsync(source, read.Bundle!, options, cancellationToken));
        input = input with { Tag = args.Value("--tag") ?? DefaultTag(source, input), Vulnerabilities = Scan(args, input, progress) };

        var evaluation = progress.Step("evaluating the policy", () => PolicyEvaluator.Evaluate(read.Bundle!, input, new EvaluationOptions { FailClosed = args.Flag("--fail-closed"), ExpiryWarningDays = expiringDays }));
        var report = new Reports.Model.ReportInput
        {
            Analysis = input.Analysis,
            Scan = input.Vulnerabilities,
            Evaluation = evaluation,
            Bundle = read.Bundle,
            DockerfilePath = args.Value("--dockerfile"),
            GeneratedAt = Sbom.Common.SbomSettings.FromEnvironment().Created,
        };
        foreach (var output in outputs)
        {
            ReportOutputs.Write(progress, output, () => WriteOutput(output, report, read.Bundle!));
        }

        return evaluation.FinalAction == PolicyActions.Stop ? ExitCodes.GateTripped : ExitCodes.Success;
    }

    private static void WriteOutput(OutputTarget output, Reports.Model.ReportInput report, PolicyBundle bundle)
    {
        if (output.Format == "cyclonedx-json")
        {
            output.WriteBytes(stream => Sbom.SbomFormats.Write(Sbom.SbomFormats.CycloneDxJson, report.Analysis, stream,
                Sbom.Common.SbomSettings.FromEnvironment(), report.Scan?.Matches));
            return;
        }

        if (ReportOutputs.TryWrite(output, report))
        {
            return;
        }

        var evaluation = report.Evaluation!;
        output.Write(w =>
        {
            switch (output.Format)
            {
                case "json":
                    w.WriteLine(Output.VersionedJson.Write(JsonSerializer.SerializeToNode(evaluation, PolicyJsonContext.Default.Evaluation)!, "schema_version", Output.VersionedJson.CheckVersion));
                    break;
                case "anchore-json":
                    w.WriteLine(AnchoreEnvelope.Build(evaluation, bundle).ToJsonString(Indented));
                    break;
                default:
                    EvaluationTable.Write(w, evaluation, TerminalColour.For(output));
                    break;
            }
        });
    }

    private static Vulnerabilities.Model.ScanResult? Scan(ParsedArgs args, PolicyInput input, ProgressReporter progress)
    {
        var path = args.Value("--db") ?? Environment.GetEnvironmentVariable("TOLLGATE_DB");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"--db: no such file {path}");
        }

        using var db = VulnDb.Open(path);
        return progress.Step("matching vulnerabilities", () => new VulnerabilityMatcher(db).Scan(input.Analysis));
    }

    /// <summary>The tag mappings see: a registry reference as given, else the image's own tag under localhost/.</summary>
    private static string DefaultTag(string source, PolicyInput input)
    {
        var image = input.Analysis.Image;
        if (image.SourceKind == "registry")
        {
            return source.StartsWith("registry:", StringComparison.Ordinal) ? source["registry:".Length..] : source;
        }

        var tag = image.Tags.FirstOrDefault();
        if (tag is not null && (tag.Contains('/') || tag.Contains(':')))
        {
            return tag;
        }

        return $"localhost/image:{tag ?? "latest"}";
    }
}
