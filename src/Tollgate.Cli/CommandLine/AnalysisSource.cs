using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Sbom;

namespace Tollgate.Cli.CommandLine;

/// <summary>
/// Turns a command's source argument into an <see cref="ImageAnalysis"/>: `sbom:FILE` is read from the SBOM (no image
/// needed; what it cannot tell is marked not available), anything else is an image analysed in one pass.
/// </summary>
public static class AnalysisSource
{
    public const string SbomPrefix = "sbom:";

    /// <summary>Options that shape the analysis itself, shared by every analysing command.</summary>
    public static IReadOnlySet<string> ValueOptions { get; } = SourceOptions.With(SourceOptions.ValueOptions, "--dockerfile");

    public static IReadOnlySet<string> FlagOptions { get; } = SourceOptions.With(SourceOptions.FlagOptions, "--file-digests");

    public const string Usage = """
          --dockerfile FILE             the real Dockerfile (else the history is rebuilt as one)
          --file-digests                compute sha256 of every file
        """ + "\n" + SourceOptions.Usage + "\n         sbom:FILE (a CycloneDX, SPDX, syft or Tollgate SBOM: no image needed)";

    public static bool IsSbom(string source) => source.StartsWith(SbomPrefix, StringComparison.Ordinal);

    public static async Task<ImageAnalysis> LoadAsync(string source, ParsedArgs args, CancellationToken cancellationToken)
    {
        if (IsSbom(source))
        {
            return SbomReader.ReadFile(source[SbomPrefix.Length..]);
        }

        return await ImageAnalyzer.AnalyzeAsync(source, await OptionsAsync(args, cancellationToken), cancellationToken);
    }

    /// <summary>The analysis options every analysing command takes from its arguments (source access, Dockerfile, digests).</summary>
    public static async Task<AnalyzeOptions> OptionsAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var dockerfile = args.Value("--dockerfile");
        if (dockerfile is not null && !File.Exists(dockerfile))
        {
            throw new UsageException($"--dockerfile: no such file {dockerfile}");
        }

        return new AnalyzeOptions
        {
            Load = SourceOptions.Build(args),
            DockerfileText = dockerfile is null ? null : await File.ReadAllTextAsync(dockerfile, cancellationToken),
            FileDigests = args.Flag("--file-digests"),
        };
    }
}
