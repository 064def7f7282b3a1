using System.Text.Json;
using Tollgate.Cli.CommandLine;
using Tollgate.Cli.Output;
using Tollgate.Images;
using Tollgate.Images.FileTree;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate files SOURCE`: every file of the squashed view, or of every layer.</summary>
public sealed class FilesCommand : ICommand
{
    private static readonly string[] Formats = ["table", "json"];

    public string Name => "files";

    public string Summary => "list an image's files (squashed view or every layer)";

    public string Usage => "usage: tollgate files <source> [--scope squashed|all-layers] [-o table|json[=FILE]]...\n" + SourceOptions.Usage;

    public IReadOnlySet<string> ValueOptions { get; } = SourceOptions.With(SourceOptions.ValueOptions, "--scope");

    public IReadOnlySet<string> FlagOptions => SourceOptions.FlagOptions;

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source");
        var scope = args.Value("--scope") ?? "squashed";
        if (scope is not ("squashed" or "all-layers"))
        {
            throw new UsageException($"--scope must be squashed or all-layers, not '{scope}'");
        }

        var outputs = OutputTarget.Validate(args.Outputs, Formats, "table");
        using var image = await ImageLoader.LoadAsync(source, SourceOptions.Build(args), cancellationToken);
        var entries = scope == "squashed"
            ? image.Files.SquashedSorted.ToList()
            : image.Files.Layers.SelectMany(l => l.Entries.OrderBy(e => e.Path, StringComparer.Ordinal)).ToList();
        foreach (var output in outputs)
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    w.WriteLine(JsonSerializer.Serialize(entries.Select(FileRow.From).ToList(), CliJsonContext.Default.ListFileRow));
                }
                else
                {
                    WriteTable(w, entries);
                }
            });
        }

        return ExitCodes.Success;
    }

    private static void WriteTable(TextWriter w, IReadOnlyList<FileEntry> entries)
    {
        w.WriteLine($"{"MODE",-5} {"TYPE",-8} {"UID:GID",-11} {"SIZE",10} {"LAYER",5}  PATH");
        foreach (var e in entries)
        {
            var link = e.LinkTarget is null ? "" : (e.Type == FileEntryType.Hardlink ? " => " : " -> ") + e.LinkTarget;
            w.WriteLine($"{e.OctalMode,-5} {FileRow.TypeName(e.Type),-8} {e.Uid + ":" + e.Gid,-11} {e.Size,10} {e.Layer,5}  {e.Path}{link}");
        }
    }
}
