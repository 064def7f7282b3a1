using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Apk;

/// <summary>One package record of /lib/apk/db/installed, every field apk writes.</summary>
public sealed record ApkEntry
{
    public required string Name { get; init; }              // P
    public required string Version { get; init; }           // V
    public string? Architecture { get; init; }              // A
    public string? Origin { get; init; }                    // o
    public string? License { get; init; }                   // L
    public string? Description { get; init; }               // T
    public string? Url { get; init; }                       // U
    public string? Maintainer { get; init; }                // m
    public long? Size { get; init; }                        // S: package file size
    public long? InstalledSize { get; init; }               // I
    public long? BuildTime { get; init; }                   // t: unix seconds
    public string? Commit { get; init; }                    // c: aports commit
    public string? PullChecksum { get; init; }              // C: "Q1" + base64 sha1 of the control section
    public string? ProviderPriority { get; init; }          // k
    public IReadOnlyList<string> Depends { get; init; } = [];   // D
    public IReadOnlyList<string> Provides { get; init; } = [];  // p
    public IReadOnlyList<string> InstallIf { get; init; } = []; // i
    public IReadOnlyList<string> Replaces { get; init; } = [];  // r
    public IReadOnlyList<OwnedFile> Files { get; init; } = [];  // F/R/a/M/Z

    /// <summary>1-based line where the record starts (for warnings).</summary>
    public int Line { get; init; }
}
