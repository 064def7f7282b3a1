namespace Tollgate.Images.FileTree;

/// <summary>Pure path arithmetic on image paths (always '/'-separated, absolute, never touching the host).</summary>
public static class PathUtil
{
    /// <summary>
    /// "./usr//bin/../lib/" → "/usr/lib". ".." never climbs above "/", so a hostile "../../etc" stays inside the image.
    /// </summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    public static string FileName(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? path : path[(i + 1)..];
    }

    public static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;

    /// <summary>Where a symlink at <paramref name="linkPath"/> with <paramref name="target"/> points, inside the image.</summary>
    public static string ResolveLink(string linkPath, string target) =>
        target.StartsWith('/') ? Normalize(target) : Normalize(Parent(linkPath) + "/" + target);
}
