namespace Tollgate.Service.Security;

/// <summary>
/// realpath(3) in managed code: an absolute path with every symbolic link along it followed (not only the last one,
/// which is all <see cref="FileSystemInfo.ResolveLinkTarget"/> does), so a link anywhere in the path cannot lead out
/// of a directory the operator allowed. Not PathUtil.Normalize on link targets: ".." must apply to the directory a link
/// really leads to ("sub/../../x" where sub is itself a link), as the kernel does, or a lexical result could pass the
/// check while the file opened lies elsewhere.
/// </summary>
public static class CanonicalPath
{
    /// <summary>Links followed before giving up, as Linux does (ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>The canonical form of absolute <paramref name="path"/>; null when a component does not exist or links loop.</summary>
    public static string? Resolve(string path)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(Components(path));
        var links = 0;
        while (pending.First is { } next)
        {
            pending.RemoveFirst();
            var part = next.Value;
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Join([.. resolved, part]);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                if (Path.IsPathRooted(target))
                {
                    resolved.Clear();
                }

                // The target's components replace this one, relative to the directory resolved so far.
                foreach (var component in Components(target).Reverse())
                {
                    pending.AddFirst(component);
                }

                continue;
            }

            if (!info.Exists && !Directory.Exists(candidate))
            {
                return null;
            }

            resolved.Add(part);
        }

        return Join(resolved);
    }

    private static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(IEnumerable<string> parts) => "/" + string.Join('/', parts);
}
