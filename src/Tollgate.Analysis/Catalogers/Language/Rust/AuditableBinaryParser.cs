using System.IO.Compression;
using System.Text.Json;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Rust;

/// <summary>
/// Binaries built with cargo-auditable carry their dependency tree in the ".dep-v0" ELF section: zlib-compressed
/// JSON {"packages": [{name, version, source, kind, dependencies: [indexes], root}]}. Build-only crates are marked.
/// </summary>
public static class AuditableBinaryParser
{
    public const string FoundBy = "rust-cargo-auditable";
    private const int MaxCompressed = 4 << 20;
    private const int MaxJson = 16 << 20;

    public static CatalogResult Parse(ParseInput input)
    {
        using var seekable = SeekableContent.Open(input.Content);
        var elf = Elf.TryRead(seekable);
        if (elf?.Section(".dep-v0") is not { } section)
        {
            return CatalogResult.Empty;
        }

        using var zlib = new ZLibStream(new MemoryStream(elf.Read(section, MaxCompressed)), CompressionMode.Decompress);
        var json = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            if (json.Length + read > MaxJson)
            {
                throw new InvalidDataException($".dep-v0 inflates past {MaxJson} bytes");
            }

            json.Write(buffer, 0, read);
        }

        json.Position = 0;
        using var doc = Json.Parse(json);
        var entries = doc.RootElement.Arr("packages")?.EnumerateArray().ToList() ?? [];
        var packages = entries.Select(e => RustIdentity.Create(e.Str("name") ?? "", e.Str("version") ?? "", FoundBy, input.Location, new Dictionary<string, string>
        {
            ["source"] = e.Str("source") ?? "",
            ["kind"] = e.Str("kind") ?? "runtime",
            ["root"] = e.Flag("root") ? "true" : "",
        })).ToList();
        var edges = new List<Relationship>();
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var dep in entries[i].Arr("dependencies")?.EnumerateArray() ?? default)
            {
                if (dep.ValueKind == JsonValueKind.Number && dep.TryGetInt32(out var j) && j >= 0 && j < packages.Count)
                {
                    edges.Add(new Relationship(packages[i].Id, packages[j].Id, RelationshipTypes.DependsOn));
                }
            }
        }

        return new CatalogResult { Packages = packages.Where(p => p.Name.Length > 0 && p.Version.Length > 0).ToList(), Relationships = edges };
    }
}
