namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>Bounds on the work one archive may cause: hostile jars (zip bombs, endless nesting) stop here with a warning.</summary>
public sealed record ArchiveLimits
{
    public static readonly ArchiveLimits Default = new();

    /// <summary>Archives inside archives followed this deep (a war's jar's jar is depth 2).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Uncompressed bytes read out of one top-level archive, nested ones included.</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Uncompressed size of one nested archive.</summary>
    public long MaxNestedBytes { get; init; } = 256L << 20;

    /// <summary>Uncompressed size of one manifest or pom.</summary>
    public long MaxMetadataBytes { get; init; } = 4L << 20;

    /// <summary>Uncompressed/compressed ratio above which an entry larger than <see cref="RatioFloorBytes"/> is a bomb.</summary>
    public int MaxRatio { get; init; } = 100;

    public long RatioFloorBytes { get; init; } = 1L << 20;

    /// <summary>Entries in one archive's central directory.</summary>
    public int MaxEntries { get; init; } = 500_000;

    /// <summary>Nested archives up to this size are held in memory, larger ones spill to a temp file deleted on close.</summary>
    public long InMemoryBytes { get; init; } = 16L << 20;
}
