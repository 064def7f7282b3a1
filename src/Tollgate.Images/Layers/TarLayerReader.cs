using System.Formats.Tar;
using System.Text;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Images.Layers;

/// <summary>
/// One pass over a layer's tar stream: every entry's metadata into <see cref="LayerFiles"/>, whiteouts and opaque
/// markers into their lists, and requested contents into the collector. Nothing is extracted or followed.
/// </summary>
public sealed class TarLayerReader(string source, ContentCollector collector, ReadLimits limits, bool fileSha256 = false)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string XattrPrefix = "SCHILY.xattr.";

    /// <summary>Reads the tar in <paramref name="tar"/> (already decompressed) as layer <paramref name="index"/>.</summary>
    public LayerFiles Read(Stream tar, int index, string what, string diffId)
    {
        var entries = new List<FileEntry>();
        List<string>? whiteouts = null;
        List<string>? opaque = null;
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            if (entries.Count + (whiteouts?.Count ?? 0) >= limits.MaxEntriesPerLayer)
            {
                throw new ImageException(source, $"{what} has more than {limits.MaxEntriesPerLayer} entries (limit)");
            }

            var path = EntryPaths.Normalize(entry.Name, out var problem)
                ?? throw new ImageException(source, $"{what}: {problem}");
            var name = PathUtil.FileName(path);
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                var dir = PathUtil.Parent(path);
                if (name == OpaqueMarker)
                {
                    (opaque ??= []).Add(dir);
                }
                else if (!name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
                {
                    (whiteouts ??= []).Add(PathUtil.Join(dir, name[WhiteoutPrefix.Length..]));
                }

                continue;
            }

            var type = TypeOf(entry.EntryType)
                ?? throw new ImageException(source, $"{what}: entry '{entry.Name}' has unsupported tar type '{entry.EntryType}'");
            string? link = null;
            if (type == FileEntryType.Symlink)
            {
                link = entry.LinkName;
            }
            else if (type == FileEntryType.Hardlink)
            {
                link = EntryPaths.Normalize(entry.LinkName, out var linkProblem)
                    ?? throw new ImageException(source, $"{what}: hardlink '{entry.Name}': {linkProblem}");
            }

            var file = new FileEntry
            {
                Path = path,
                Type = type,
                Mode = (int)entry.Mode & 0xFFF,
                Uid = entry.Uid,
                Gid = entry.Gid,
                Size = type == FileEntryType.File ? entry.Length : 0,
                LinkTarget = link,
                Layer = index,
                ModifiedAt = entry.ModificationTime,
                Xattrs = entry is PaxTarEntry pax ? Xattrs(pax) : null,
            };
            if (type == FileEntryType.File && fileSha256)
            {
                // Hash while the collector reads what it wants, then hash the rest: still one pass over the layer.
                using var hashing = new HashingReadStream(entry.DataStream ?? Stream.Null);
                if (file.Size > 0 && !collector.IsEmpty)
                {
                    collector.Offer(file, hashing);
                }

                file = file with { Sha256 = hashing.Finish() };
            }
            else if (type == FileEntryType.File && file.Size > 0 && !collector.IsEmpty && entry.DataStream is { } data)
            {
                collector.Offer(file, data);
            }

            entries.Add(file);
        }

        return new LayerFiles
        {
            Index = index,
            DiffId = diffId,
            Entries = entries,
            Whiteouts = whiteouts ?? [],
            OpaqueDirs = opaque ?? [],
        };
    }

    private static FileEntryType? TypeOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => FileEntryType.File,
        TarEntryType.Directory => FileEntryType.Dir,
        TarEntryType.SymbolicLink => FileEntryType.Symlink,
        TarEntryType.HardLink => FileEntryType.Hardlink,
        TarEntryType.CharacterDevice => FileEntryType.Char,
        TarEntryType.BlockDevice => FileEntryType.Block,
        TarEntryType.Fifo => FileEntryType.Fifo,
        _ => null,
    };

    // PAX values arrive decoded as UTF-8 text; they are re-encoded to bytes and given base64, the form FileEntry documents.
    private static Dictionary<string, string>? Xattrs(PaxTarEntry pax)
    {
        Dictionary<string, string>? result = null;
        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
            {
                (result ??= new(StringComparer.Ordinal))[key[XattrPrefix.Length..]] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            }
        }

        return result;
    }
}
