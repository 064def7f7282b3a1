using Tollgate.Cli.CommandLine;
using Tollgate.Sbom;
using Tollgate.Sbom.Common;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate sbom SOURCE`: the inventory as native JSON, CycloneDX or SPDX (several at once with repeated -o).</summary>
public sealed class SbomCommand : ICommand
{
    public string Name => "sbom";

    public string Summary => "inventory an image and write its SBOM (json, cyclonedx-json/xml, spdx-json/tag-value)";

    public string Usage => $"usage: tollgate sbom <source> [-o {string.Join('|', SbomFormats.Names)}[=FILE]]... [--file PATH] [--cyclonedx-version 1.6|1.5]\n"
        + "  --file PATH                   write the (single) output to PATH instead of stdout\n" + AnalysisSource.Usage;

    public IReadOnlySet<string> ValueOptions { get; } = SourceOptions.With(AnalysisSource.ValueOptions, "--file", "--cyclonedx-version");

    public IReadOnlySet<string> FlagOptions => AnalysisSource.FlagOptions;

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source");
        var outputs = SbomOutputs.Resolve(args);
        var analysis = await AnalysisSource.LoadAsync(source, args, cancellationToken);
        SbomOutputs.Write(outputs, analysis, args.Value("--cyclonedx-version") ?? "1.6");
        foreach (var warning in analysis.Warnings)
        {
            Console.Error.WriteLine($"tollgate: warning: {warning}");
        }

        return ExitCodes.Success;
    }
}

/// <summary>The -o handling the SBOM-writing commands (sbom, convert) share.</summary>
public static class SbomOutputs
{
    public static IReadOnlyList<OutputTarget> Resolve(ParsedArgs args)
    {
        var outputs = OutputTarget.Validate(args.Outputs, SbomFormats.Names, SbomFormats.Native);
        var file = args.Value("--file");
        if (file is null)
        {
            return outputs;
        }

        if (outputs.Count != 1 || outputs[0].File is not null)
        {
            throw new UsageException("--file takes one output without its own file; use -o FORMAT=FILE for several");
        }

        return [outputs[0] with { File = file }];
    }

    public static void Write(IReadOnlyList<OutputTarget> outputs, Analysis.Model.ImageAnalysis analysis, string cycloneDxVersion)
    {
        var settings = SbomSettings.FromEnvironment();
        foreach (var output in outputs)
        {
            output.WriteBytes(stream => SbomFormats.Write(output.Format, analysis, stream, settings, cycloneDxVersion: cycloneDxVersion));
        }
    }
}
