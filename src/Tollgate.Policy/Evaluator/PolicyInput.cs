using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Evaluator;

/// <summary>Everything the gates read about one image.</summary>
public sealed record PolicyInput
{
    public required ImageAnalysis Analysis { get; init; }

    /// <summary>Vulnerability matches and the database they came from; null when no matching was done.</summary>
    public ScanResult? Vulnerabilities { get; init; }

    /// <summary>The tag being evaluated ("docker.io/library/nginx:latest"); mappings match on it.</summary>
    public string? Tag { get; init; }

    /// <summary>Text of files kept at analysis time (Anchore's retrieve_files: /etc/passwd and any retrieved_files path).</summary>
    public IReadOnlyDictionary<string, string> RetrievedFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Content-search hits: file path to the analyzer regexes ("NAME=regex") that matched in it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ContentMatches { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Malware scans run on the image; null means no scan was run.</summary>
    public IReadOnlyList<MalwareScan>? MalwareScans { get; init; }

    /// <summary>Anchore's legacy npm/gem "packages" feed, when one is available.</summary>
    public PackageFeeds? PackageFeeds { get; init; }
}

public sealed record MalwareScan(string Scanner, IReadOnlyList<MalwareFinding> Findings);

public sealed record MalwareFinding(string Path, string Signature);

/// <summary>Known names, versions and latest version per ecosystem, as Anchore's packages feed lists them.</summary>
public sealed record PackageFeeds
{
    public IReadOnlyDictionary<string, FeedPackage>? Npm { get; init; }
    public IReadOnlyDictionary<string, FeedPackage>? Gem { get; init; }
}

public sealed record FeedPackage(string Latest, IReadOnlyList<string> Versions);
