using Tollgate.Cli.CommandLine;
using Tollgate.Sbom;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate convert FILE -o FORMAT`: one SBOM format to another, without the image.</summary>
public sealed class ConvertCommand : ICommand
{
    public string Name => "convert";

    public string Summary => "convert an SBOM between formats (CycloneDX, SPDX, syft and native JSON in)";

    public string Usage => $"usage: tollgate convert <sbom-file> -o {string.Join('|', SbomFormats.Names)}[=FILE]... [--cyclonedx-version 1.6|1.5]";

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { "--cyclonedx-version", "--file" };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var file = args.RequirePositional(0, "SBOM file");
        if (AnalysisSource.IsSbom(file))
        {
            file = file[AnalysisSource.SbomPrefix.Length..];
        }

        var outputs = SbomOutputs.Resolve(args);
        var analysis = SbomReader.ReadFile(file);
        SbomOutputs.Write(outputs, analysis, args.Value("--cyclonedx-version") ?? "1.6");
        return Task.FromResult(ExitCodes.Success);
    }
}
