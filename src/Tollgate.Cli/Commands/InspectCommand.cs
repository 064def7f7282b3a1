using System.Text.Json;
using Tollgate.Cli.CommandLine;
using Tollgate.Cli.Output;
using Tollgate.Images;
using Tollgate.Images.Model;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate inspect SOURCE`: image facts (digests, tags, platform, config, history, layers).</summary>
public sealed class InspectCommand : ICommand
{
    private static readonly string[] Formats = ["table", "json"];

    public string Name => "inspect";

    public string Summary => "show an image's digests, platform, config, history and layers";

    public string Usage => "usage: tollgate inspect <source> [-o table|json[=FILE]]...\n" + SourceOptions.Usage;

    public IReadOnlySet<string> ValueOptions => SourceOptions.ValueOptions;

    public IReadOnlySet<string> FlagOptions => SourceOptions.FlagOptions;

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.RequirePositional(0, "image source");
        var outputs = OutputTarget.Validate(args.Outputs, Formats, "table");
        using var image = await ImageLoader.LoadAsync(source, SourceOptions.Build(args), cancellationToken);
        foreach (var output in outputs)
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    w.WriteLine(JsonSerializer.Serialize(image.Metadata, CliJsonContext.Default.ImageMetadata));
                }
                else
                {
                    WriteTable(w, image.Metadata);
                }
            });
        }

        return ExitCodes.Success;
    }

    private static string? Quoted(IReadOnlyList<string>? words) =>
        words is null ? null : "[" + string.Join(", ", words.Select(x => "\"" + x + "\"")) + "]";

    private static void WriteTable(TextWriter w, ImageMetadata m)
    {
        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                w.WriteLine($"{name,-16}{value}");
            }
        }

        Row("source", m.Source);
        Row("kind", m.SourceKind);
        Row("tags", string.Join(", ", m.Tags));
        Row("repo digests", string.Join(", ", m.RepoDigests));
        Row("index", m.IndexDigest);
        Row("manifest", m.ManifestDigest);
        Row("media type", m.ManifestMediaType);
        Row("config", m.ConfigDigest);
        Row("platform", m.Variant is null ? $"{m.Os}/{m.Architecture}" : $"{m.Os}/{m.Architecture}/{m.Variant}");
        Row("created", m.Created?.ToString("u"));
        var c = m.Config;
        Row("user", c.User);
        Row("workdir", c.WorkingDir);
        Row("entrypoint", Quoted(c.Entrypoint));
        Row("cmd", Quoted(c.Cmd));
        Row("ports", string.Join(", ", c.ExposedPorts));
        Row("volumes", string.Join(", ", c.Volumes));
        Row("stop signal", c.StopSignal);
        Row("healthcheck", c.Healthcheck is null ? null : string.Join(' ', c.Healthcheck.Test));
        foreach (var env in c.Env)
        {
            Row("env", env);
        }

        foreach (var (key, value) in c.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            Row("label", $"{key}={value}");
        }

        w.WriteLine();
        w.WriteLine($"{"LAYER",-6}{"SIZE",12}  {"FILES",7}  DIGEST");
        foreach (var l in m.Layers)
        {
            w.WriteLine($"{l.Index,-6}{l.Size,12}  {l.EntryCount,7}  {l.Digest}");
        }

        w.WriteLine();
        w.WriteLine($"{"LAYER",-6}{"CREATED",-22}CREATED BY");
        foreach (var h in m.History)
        {
            var layer = h.EmptyLayer ? "-" : h.LayerIndex?.ToString() ?? "?";
            w.WriteLine($"{layer,-6}{h.Created?.ToString("u") ?? "",-22}{h.CreatedBy}");
        }
    }
}
