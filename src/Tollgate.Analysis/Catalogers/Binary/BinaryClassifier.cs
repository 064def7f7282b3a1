namespace Tollgate.Analysis.Catalogers.Binary;

/// <summary>
/// Recognises one unmanaged program or library by its file name and byte patterns in its content.
/// Patterns are .NET regexes over the bytes read as Latin-1 (one char per byte), each with a "version" group
/// and optionally a "pre" group appended as "-pre" (e.g. "12.3.2+security-01" is reported "12.3.2-security-01").
/// </summary>
public sealed record BinaryClassifier
{
    /// <summary>Classifier id, reported as metadata "classifier" (e.g. "java-jre-openjdk").</summary>
    public required string Id { get; init; }

    /// <summary>Package name for the purl (pkg:generic/NAME@VERSION).</summary>
    public required string Package { get; init; }

    /// <summary>Regex over the file name (not the path), anchored at both ends.</summary>
    public required string FileName { get; init; }

    /// <summary>Tried in order; the first that matches anywhere in the file gives the version.</summary>
    public required IReadOnlyList<string> Patterns { get; init; }

    /// <summary>"vendor:product" pairs for CPEs (cpe:2.3:a:vendor:product:version:…).</summary>
    public IReadOnlyList<string> Cpes { get; init; } = [];

    /// <summary>
    /// When the file name regex has a group "fv" (python3.11), the version found must start with it, so a
    /// stray version string of another component in the binary is not taken for the program's.
    /// </summary>
    public bool VersionMustMatchFileName { get; init; }

    /// <summary>Paths relative to the file's directory of which at least one must exist (a Go VERSION file beside bin/go).</summary>
    public IReadOnlyList<string> RequiresSibling { get; init; } = [];
}
