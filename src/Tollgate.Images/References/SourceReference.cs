using System.Formats.Tar;
using System.Text.RegularExpressions;

namespace Tollgate.Images.References;

/// <summary>
/// A parsed source string: "oci-dir:PATH[:tag|@digest]", "oci-archive:PATH[:tag]", "docker-archive:PATH[:repo:tag]",
/// "dir:PATH", "registry:HOST/REPO[:tag|@digest]"; a bare string is a path when it exists (kind detected), else a
/// registry reference.
/// </summary>
public sealed partial record SourceReference
{
    public required string Original { get; init; }
    public required SourceKind Kind { get; init; }

    /// <summary>Local path for file sources.</summary>
    public string? Path { get; init; }

    /// <summary>Tag (or "repo:tag" for docker archives) selecting one image of a layout or archive.</summary>
    public string? Tag { get; init; }

    /// <summary>Manifest digest selecting one image of a layout.</summary>
    public string? Digest { get; init; }

    /// <summary>The registry reference for registry sources.</summary>
    public RegistryReference? Registry { get; init; }

    public static SourceReference Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ImageException(source, "empty image source");
        }

        foreach (var kind in Enum.GetValues<SourceKind>())
        {
            var prefix = kind.Prefix() + ":";
            if (source.StartsWith(prefix, StringComparison.Ordinal))
            {
                return FromPrefixed(source, kind, source[prefix.Length..]);
            }
        }

        // "docker://host/repo:tag" as skopeo spells it.
        if (source.StartsWith("docker://", StringComparison.Ordinal))
        {
            return FromPrefixed(source, SourceKind.Registry, source["docker://".Length..]);
        }

        return Detect(source);
    }

    private static SourceReference FromPrefixed(string original, SourceKind kind, string rest)
    {
        if (rest.Length == 0)
        {
            throw new ImageException(original, $"{kind.Prefix()}: needs a {(kind == SourceKind.Registry ? "reference" : "path")}");
        }

        switch (kind)
        {
            case SourceKind.Registry:
                return new SourceReference { Original = original, Kind = kind, Registry = RegistryReference.Parse(rest, original) };
            case SourceKind.Dir:
                return new SourceReference { Original = original, Kind = kind, Path = rest };
            default:
                var (path, tag, digest) = SplitPathSelector(rest, kind == SourceKind.DockerArchive);
                return new SourceReference { Original = original, Kind = kind, Path = path, Tag = tag, Digest = digest };
        }
    }

    // "PATH[:tag|@digest]": the selector is only split off when PATH itself does not exist, so paths with ':' work.
    private static (string Path, string? Tag, string? Digest) SplitPathSelector(string rest, bool dockerArchive)
    {
        if (File.Exists(rest) || Directory.Exists(rest))
        {
            return (rest, null, null);
        }

        var at = rest.LastIndexOf('@');
        if (at > 0 && DigestPattern().IsMatch(rest[(at + 1)..]))
        {
            return (rest[..at], null, rest[(at + 1)..]);
        }

        if (dockerArchive)
        {
            // docker-archive:PATH:repo:tag — the selector holds a ':' itself, so split where the path exists.
            for (var colon = rest.IndexOf(':'); colon > 0; colon = rest.IndexOf(':', colon + 1))
            {
                if (File.Exists(rest[..colon]))
                {
                    return (rest[..colon], rest[(colon + 1)..], null);
                }
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon > rest.LastIndexOf('/') && colon > 0)
            {
                return (rest[..colon], rest[(colon + 1)..], null);
            }
        }

        return (rest, null, null);
    }

    private static SourceReference Detect(string source)
    {
        if (Directory.Exists(source))
        {
            var kind = File.Exists(System.IO.Path.Combine(source, "oci-layout")) ? SourceKind.OciDir : SourceKind.Dir;
            return new SourceReference { Original = source, Kind = kind, Path = source };
        }

        if (File.Exists(source))
        {
            return new SourceReference { Original = source, Kind = DetectArchive(source), Path = source };
        }

        // "./x" or "/x" that does not exist is a missing file, not a registry reference.
        if (source.StartsWith('/') || source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
        {
            throw new ImageException(source, "no such file or directory");
        }

        try
        {
            return new SourceReference { Original = source, Kind = SourceKind.Registry, Registry = RegistryReference.Parse(source, source) };
        }
        catch (ImageException e)
        {
            throw new ImageException(source, $"no such file or directory, and not a registry reference ({e.Problem})", e);
        }
    }

    // A docker save tarball has manifest.json; an OCI archive has oci-layout. Look at the first few members only.
    private static SourceKind DetectArchive(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new TarReader(stream);
            var sawLayout = false;
            for (var i = 0; i < 10_000 && reader.GetNextEntry() is { } entry; i++)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (name == "manifest.json")
                {
                    return SourceKind.DockerArchive;
                }

                sawLayout |= name == "oci-layout";
            }

            if (sawLayout)
            {
                return SourceKind.OciArchive;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ImageException(path, $"not a tar archive ({e.Message})", e);
        }

        throw new ImageException(path, "tar archive is neither a docker-archive (manifest.json) nor an oci-archive (oci-layout)");
    }

    [GeneratedRegex("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    internal static partial Regex DigestPattern();
}
