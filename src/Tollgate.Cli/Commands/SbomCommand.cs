using Tollgate.Analysis;
using Tollgate.Cli.CommandLine;
using Tollgate.Sbom.CycloneDx;
using Tollgate.Sbom.Native;

namespace Tollgate.Cli.Commands;

/// <summary>
/// `tollgate sbom SOURCE`: the full inventory. "json" is the native format (everything the analysis knows, readable
/// back by Tollgate); "cyclonedx-json" lists every component with its purl. --file PATH writes the (single) output
/// without its own =FILE to PATH, as syft's --file does; -o FORMAT=FILE is the general form.
/// </summary>
public sealed class SbomCommand : ICommand
{
    private static readonly string[] Formats = [NativeJson.FormatName, CycloneDxJson.FormatName];

    public string Name => "sbom";

    public string Summary => "inventory an image: OS packages, files, accounts, image facts (native JSON or CycloneDX)";

    public string Usage => """
        usage: tollgate sbom <source> [-o json|cyclonedx-json[=FILE]]... [--file PATH] [--dockerfile FILE] [--file-digests]
          -o FORMAT[=FILE]   json (native, default) or cyclonedx-json; repeat for several outputs
          --file PATH        write the output that has no =FILE to PATH instead of stdout
          --dockerfile FILE  the Dockerfile the image was built from (replaces the one rebuilt from history)
          --file-digests     compute the sha256 of every regular file
        """ + "\n" + SourceOptions.Usage;

    public IReadOnlySet<string> ValueOptions { get; } = SourceOptions.With(SourceOptions.ValueOptions, "--file", "--dockerfile");

    public IReadOnlySet<string> FlagOptions { get; } = SourceOptions.With(SourceOptions.FlagOptions, "--file-digests");

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source");
        var outputs = WithFile(OutputTarget.Validate(args.Outputs, Formats, NativeJson.FormatName), args.Value("--file"));
        var dockerfile = args.Value("--dockerfile");
        if (dockerfile is not null && !File.Exists(dockerfile))
        {
            throw new UsageException($"--dockerfile: no such file {dockerfile}");
        }

        var options = new AnalyzeOptions
        {
            Load = SourceOptions.Build(args),
            DockerfileText = dockerfile is null ? null : await File.ReadAllTextAsync(dockerfile, cancellationToken),
            FileDigests = args.Flag("--file-digests"),
        };
        var analysis = await ImageAnalyzer.AnalyzeAsync(source, options, cancellationToken);
        foreach (var warning in analysis.Warnings)
        {
            Console.Error.WriteLine($"tollgate: warning: {warning}");
        }

        foreach (var output in outputs)
        {
            output.Write(w =>
            {
                if (output.Format == CycloneDxJson.FormatName)
                {
                    CycloneDxJson.Write(analysis, w);
                }
                else
                {
                    NativeJson.Write(analysis, w);
                }

                w.WriteLine();
            });
        }

        return ExitCodes.Success;
    }

    private static IReadOnlyList<OutputTarget> WithFile(IReadOnlyList<OutputTarget> outputs, string? file)
    {
        if (file is null)
        {
            return outputs;
        }

        var toStdout = outputs.Where(o => o.File is null).ToList();
        if (toStdout.Count != 1)
        {
            throw new UsageException("--file needs exactly one output without =FILE (every -o already names a file)");
        }

        return outputs.Select(o => o.File is null ? o with { File = file } : o).ToList();
    }
}
