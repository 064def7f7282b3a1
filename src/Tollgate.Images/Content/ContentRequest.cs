using Tollgate.Images.FileTree;

namespace Tollgate.Images.Content;

/// <summary>
/// What a consumer (a cataloger, the secret scanner) wants kept from the single pass over each layer.
/// The layer reader asks every request about every regular file: by path first (cheap), then, if the
/// request has a sniff, by the first <see cref="SniffBytes"/> bytes of content. Only matching files
/// have their content kept, at most <see cref="MaxBytes"/> of it.
/// </summary>
public sealed record ContentRequest
{
    /// <summary>Who asked, for diagnostics ("dpkg", "secrets", …).</summary>
    public required string Name { get; init; }

    /// <summary>Path filter on absolute image paths; null means "every regular file" (sniff decides).</summary>
    public Func<string, bool>? PathMatches { get; init; }

    /// <summary>Content filter on the file's first bytes (e.g. ELF or zip magic); null means "path alone decides".</summary>
    public Func<ReadOnlySpan<byte>, bool>? Sniff { get; init; }

    /// <summary>Bytes of header handed to <see cref="Sniff"/>.</summary>
    public int SniffBytes { get; init; } = 8;

    /// <summary>Files larger than this are not kept (the consumer gets a warning instead).</summary>
    public long MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>False: keep content only where it is visible in the squashed view. True: from every layer (secrets).</summary>
    public bool AllLayers { get; init; }

    /// <summary>
    /// When set, keep only the first N bytes of every matching file whatever its size (ELF headers, magic checks);
    /// <see cref="MaxBytes"/> then does not apply.
    /// </summary>
    public int? KeepHeaderBytes { get; init; }

    /// <summary>Skip files smaller than this (e.g. ELF sniffing of 3-byte files).</summary>
    public long MinBytes { get; init; }

    /// <summary>Builds a path filter from globs such as "**/var/lib/dpkg/status" or "/lib/apk/db/installed".</summary>
    public static Func<string, bool> Globs(params string[] globs)
    {
        var matchers = globs.Select(Glob.Compile).ToArray();
        return path => matchers.Any(m => m(path));
    }

    public bool WantsPath(FileEntry entry) =>
        entry.Type == FileEntryType.File && entry.Size >= MinBytes && (PathMatches is null || PathMatches(entry.Path));
}
