using Tollgate.Images.FileTree;
using Tollgate.TestSupport.Oracles;

namespace Tollgate.Images.Tests.Integration;

/// <summary>A loaded image's squashed view in the oracle's form (<see cref="ListingEntry"/>), for comparison.</summary>
internal static class ImageListing
{
    public static RootfsSnapshot Of(FileIndex files)
    {
        var entries = new Dictionary<string, ListingEntry>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in files.Squashed.Values.Where(e => e.Path != "/"))
        {
            var target = entry.Type == FileEntryType.Hardlink ? files.Find(entry.LinkTarget ?? "") : null;
            if (target is not null)
            {
                // A hardlink is one more name of its target's inode: same file, same size.
                var group = groups.TryGetValue(target.Path, out var g) ? g : groups[target.Path] = [target.Path];
                group.Add(entry.Path);
            }

            var type = entry.Type switch
            {
                FileEntryType.Hardlink => "file",
                _ => entry.Type.ToString().ToLowerInvariant(),
            };
            entries[entry.Path] = new ListingEntry(
                entry.Path,
                type,
                entry.OctalMode,
                entry.Uid,
                entry.Gid,
                type == "file" ? (target ?? entry).Size : 0,
                entry.Type == FileEntryType.Symlink ? entry.LinkTarget : null);
        }

        return new RootfsSnapshot(entries, RootfsListing.NormaliseGroups(groups.Values));
    }

    /// <summary>Asserts equality and, when they differ, names the first differences (not 7,000 lines of diff).</summary>
    public static void AssertSame(RootfsSnapshot expected, RootfsSnapshot actual, string what, bool compareHardlinks = true)
    {
        var missing = expected.Entries.Keys.Except(actual.Entries.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        var extra = actual.Entries.Keys.Except(expected.Entries.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        var differing = expected.Entries.Values
            .Where(e => actual.Entries.TryGetValue(e.Path, out var a) && a != e)
            .Take(10)
            .Select(e => $"expected {e}, got {actual.Entries[e.Path]}")
            .ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && differing.Count == 0,
            $"{what}: missing [{string.Join(", ", missing)}] extra [{string.Join(", ", extra)}] differing [{string.Join("; ", differing)}]");
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        if (!compareHardlinks)
        {
            return;
        }

        Assert.Equal(
            expected.HardlinkGroups.Select(g => string.Join(" = ", g)),
            actual.HardlinkGroups.Select(g => string.Join(" = ", g)));
    }
}
