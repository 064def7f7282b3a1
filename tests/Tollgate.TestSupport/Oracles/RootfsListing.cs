using System.Diagnostics;
using System.Globalization;

namespace Tollgate.TestSupport.Oracles;

/// <summary>
/// One entry of a squashed file listing in a form both an image reader and an unpacked root filesystem can give:
/// hardlinks count as files (their identity is compared through <see cref="RootfsSnapshot.HardlinkGroups"/>),
/// sizes only for regular files, link targets only for symlinks, mode as four octal digits with setuid/setgid/sticky.
/// </summary>
public sealed record ListingEntry(string Path, string Type, string Mode, int Uid, int Gid, long Size, string? LinkTarget)
{
    public override string ToString() => $"{Path} {Type} {Mode} {Uid}:{Gid} {Size}{(LinkTarget is null ? "" : " -> " + LinkTarget)}";
}

/// <summary>A root filesystem's listing (keyed by absolute path, "/" itself excluded) and its hardlink groups.</summary>
public sealed record RootfsSnapshot(
    IReadOnlyDictionary<string, ListingEntry> Entries,
    IReadOnlyList<IReadOnlyList<string>> HardlinkGroups);

/// <summary>
/// The oracle for "what does this image look like unpacked": walks a root filesystem (e.g. `umoci unpack`'s
/// bundle/rootfs) with GNU find, which lstat()s every entry and never follows links — an independent tool,
/// not our own reader.
/// </summary>
public static class RootfsListing
{
    private const int FieldsPerEntry = 9;

    public static async Task<RootfsSnapshot> ReadAsync(string root, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("find")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { root, "-mindepth", "1", "-printf", @"%P\0%y\0%m\0%U\0%G\0%s\0%l\0%i\0%n\0" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start find");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"find {root} failed ({process.ExitCode}): {await stderr}");
        }

        return Parse(await stdout);
    }

    private static RootfsSnapshot Parse(string output)
    {
        var fields = output.Split('\0');
        var entries = new Dictionary<string, ListingEntry>(StringComparer.Ordinal);
        var byInode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i + FieldsPerEntry <= fields.Length; i += FieldsPerEntry)
        {
            var path = "/" + fields[i];
            var type = TypeName(fields[i + 1]);
            var entry = new ListingEntry(
                path,
                type,
                fields[i + 2].PadLeft(4, '0'),
                int.Parse(fields[i + 3], CultureInfo.InvariantCulture),
                int.Parse(fields[i + 4], CultureInfo.InvariantCulture),
                type == "file" ? long.Parse(fields[i + 5], CultureInfo.InvariantCulture) : 0,
                type == "symlink" ? fields[i + 6] : null);
            entries[path] = entry;
            if (type == "file" && fields[i + 8] != "1")
            {
                var list = byInode.TryGetValue(fields[i + 7], out var l) ? l : byInode[fields[i + 7]] = [];
                list.Add(path);
            }
        }

        return new RootfsSnapshot(entries, NormaliseGroups(byInode.Values));
    }

    /// <summary>Groups sorted inside and among themselves, singletons dropped, so two sources compare equal.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> NormaliseGroups(IEnumerable<IEnumerable<string>> groups) =>
        groups.Select(g => (IReadOnlyList<string>)g.Order(StringComparer.Ordinal).ToList())
            .Where(g => g.Count > 1)
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();

    private static string TypeName(string findType) => findType switch
    {
        "f" => "file",
        "d" => "dir",
        "l" => "symlink",
        "c" => "char",
        "b" => "block",
        "p" => "fifo",
        "s" => "socket",
        _ => throw new InvalidOperationException($"unknown find type {findType}"),
    };
}
