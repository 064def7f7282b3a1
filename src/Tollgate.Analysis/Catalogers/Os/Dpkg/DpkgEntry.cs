namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>One stanza of a dpkg status file, with the fields the inventory uses and the rest kept raw.</summary>
public sealed record DpkgEntry
{
    public required string Package { get; init; }
    public required string Version { get; init; }
    public string? Architecture { get; init; }
    public string? Source { get; init; }

    /// <summary>From "Source: name (version)" when the source version differs from the binary's.</summary>
    public string? SourceVersion { get; init; }

    public string? Maintainer { get; init; }
    public long? InstalledSizeKiB { get; init; }
    public string? Status { get; init; }
    public string Depends { get; init; } = "";
    public string PreDepends { get; init; } = "";
    public string Provides { get; init; } = "";

    /// <summary>Every field as read (name → value), Description and Conffiles included.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>1-based line where the stanza starts (for warnings).</summary>
    public int Line { get; init; }

    /// <summary>
    /// dpkg's own notion of installed: the third Status word is "installed" (want state may be install or hold).
    /// Distroless status.d files carry no Status at all; they list installed packages only.
    /// </summary>
    public bool IsInstalled
    {
        get
        {
            if (Status is null)
            {
                return true;
            }

            var words = Status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length == 3 && words[1] == "ok" && words[2] == "installed";
        }
    }
}
