using System.Formats.Tar;
using System.Text;

namespace Tollgate.Images.Writing;

/// <summary>
/// Builds a layer tar in memory, entry by entry, names written exactly as given (so tests can also make hostile
/// layers: "../x", "/abs", floods). Ustar by default: with fixed timestamps the same input gives the same bytes
/// (.NET names PAX extended headers after the process id, so PAX and GNU layers are for tests of those formats).
/// </summary>
public sealed class LayerBuilder
{
    public static readonly DateTimeOffset FixedTime = new(2024, 9, 6, 0, 0, 0, TimeSpan.Zero);

    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;
    private bool _finished;

    public LayerBuilder(TarEntryFormat format = TarEntryFormat.Ustar)
    {
        Format = format;
        _writer = new TarWriter(_tar, format, leaveOpen: true);
    }

    public TarEntryFormat Format { get; }

    public int Count { get; private set; }

    public LayerBuilder Dir(string name, int mode = 0x1ED, int uid = 0, int gid = 0) =>
        Add(New(TarEntryType.Directory, name.EndsWith('/') ? name : name + "/", mode, uid, gid));

    public LayerBuilder File(string name, string text, int mode = 0x1A4, int uid = 0, int gid = 0) =>
        File(name, Encoding.UTF8.GetBytes(text), mode, uid, gid);

    public LayerBuilder File(string name, byte[] content, int mode = 0x1A4, int uid = 0, int gid = 0, IReadOnlyDictionary<string, string>? xattrs = null)
    {
        var entry = xattrs is null
            ? New(TarEntryType.RegularFile, name, mode, uid, gid)
            : new PaxTarEntry(TarEntryType.RegularFile, name, PaxAttributes(xattrs.ToDictionary(x => "SCHILY.xattr." + x.Key, x => x.Value)))
            {
                Mode = (UnixFileMode)mode,
                Uid = uid,
                Gid = gid,
                ModificationTime = FixedTime,
            };
        entry.DataStream = new MemoryStream(content, writable: false);
        return Add(entry);
    }

    public LayerBuilder Symlink(string name, string target)
    {
        var entry = New(TarEntryType.SymbolicLink, name, 0x1FF, 0, 0);
        entry.LinkName = target;
        return Add(entry);
    }

    public LayerBuilder Hardlink(string name, string target)
    {
        var entry = New(TarEntryType.HardLink, name, 0x1A4, 0, 0);
        entry.LinkName = target;
        return Add(entry);
    }

    public LayerBuilder Device(string name, bool block, int major, int minor, int mode = 0x1B6)
    {
        var entry = (PosixTarEntry)New(block ? TarEntryType.BlockDevice : TarEntryType.CharacterDevice, name, mode, 0, 0);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        return Add(entry);
    }

    public LayerBuilder Fifo(string name, int mode = 0x1A4) => Add(New(TarEntryType.Fifo, name, mode, 0, 0));

    /// <summary>Deletes <paramref name="path"/> of lower layers (an empty ".wh.NAME" file beside it).</summary>
    public LayerBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        return File(path[..(slash + 1)] + ".wh." + path[(slash + 1)..], []);
    }

    /// <summary>Hides everything lower layers put in <paramref name="dir"/>.</summary>
    public LayerBuilder Opaque(string dir) => File(dir.TrimEnd('/') + "/.wh..wh..opq", []);

    /// <summary>Adds an entry made elsewhere (copied from another tar, or deliberately odd).</summary>
    public LayerBuilder Add(TarEntry entry)
    {
        if (_finished)
        {
            throw new InvalidOperationException("layer already finished");
        }

        _writer.WriteEntry(entry);
        Count++;
        return this;
    }

    /// <summary>The finished tar (end-of-archive blocks included).</summary>
    public byte[] ToArray()
    {
        if (!_finished)
        {
            _writer.Dispose();
            _finished = true;
        }

        return _tar.ToArray();
    }

    // PAX entries otherwise carry the current time as atime/ctime, which would make every build differ.
    private static Dictionary<string, string> PaxAttributes(Dictionary<string, string> attributes)
    {
        var seconds = FixedTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        attributes["atime"] = seconds;
        attributes["ctime"] = seconds;
        return attributes;
    }

    private TarEntry New(TarEntryType type, string name, int mode, int uid, int gid)
    {
        TarEntry entry = Format switch
        {
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.V7 => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
            _ => new PaxTarEntry(type, name, PaxAttributes([])),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = FixedTime;
        return entry;
    }
}
