using System.Formats.Tar;
using Tollgate.Images.FileTree;

namespace Tollgate.Images.Sources;

/// <summary>
/// The members of an uncompressed tar archive (oci-archive, docker save), indexed once by name with their data offsets,
/// then read in place through bounded sub-streams of the archive file — nothing is extracted.
/// </summary>
public sealed class TarMembers : ILayoutFiles
{
    private readonly string _archive;
    private readonly Dictionary<string, (long Offset, long Length)> _members = new(StringComparer.Ordinal);

    public TarMembers(string archive, string source)
    {
        _archive = archive;
        try
        {
            using var stream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    _members[PathUtil.Normalize(entry.Name)[1..]] = (entry.DataOffset, entry.Length);
                }
                else if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink && entry.LinkName.Length > 0)
                {
                    // docker save links duplicate layers ("<id>/layer.tar" -> "../<other>/layer.tar").
                    _links[PathUtil.Normalize(entry.Name)[1..]] = entry.EntryType == TarEntryType.HardLink
                        ? PathUtil.Normalize(entry.LinkName)[1..]
                        : PathUtil.ResolveLink(PathUtil.Normalize(entry.Name), entry.LinkName)[1..];
                }
            }

            if (stream.Position > stream.Length)
            {
                throw new EndOfStreamException("archive ends inside a member");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new ImageException(source, $"{archive} is not a readable tar archive ({e.Message})", e);
        }
    }

    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    public long? Length(string relativePath) => Find(relativePath) is { } m ? m.Length : null;

    public Stream Open(string relativePath)
    {
        var member = Find(relativePath) ?? throw new FileNotFoundException($"{relativePath} is not in {_archive}");
        var file = new FileStream(_archive, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        if (member.Offset + member.Length > file.Length)
        {
            file.Dispose();
            throw new EndOfStreamException($"{relativePath} is truncated in {_archive}");
        }

        return new SubStream(file, member.Offset, member.Length);
    }

    public void Dispose()
    {
        // Members are opened per read; nothing held.
    }

    private (long Offset, long Length)? Find(string relativePath)
    {
        var key = PathUtil.Normalize(relativePath)[1..];
        for (var hops = 0; hops < 8; hops++)
        {
            if (_members.TryGetValue(key, out var m))
            {
                return m;
            }

            if (!_links.TryGetValue(key, out var target))
            {
                return null;
            }

            key = target;
        }

        return null;
    }
}
