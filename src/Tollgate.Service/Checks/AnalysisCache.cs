using System.Collections.Concurrent;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Native;
using Tollgate.Service.Store;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Service.Checks;

/// <summary>An analysed image with its parsed analysis.</summary>
public sealed record StoredAnalysis(ImageRecord Image, ImageAnalysis Analysis)
{
    /// <summary>Files kept at analysis time (path → text) for retrieved_files and passwd_file rules.</summary>
    public IReadOnlyDictionary<string, string> RetrievedFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Changes whenever the image is analysed again: what caches of its results key on.</summary>
    public string AnalysisKey => $"{Image.Id}@{Image.AnalyzedAt?.ToUnixTimeMilliseconds()}";
}

/// <summary>
/// Parsed analyses and their vulnerability matches, kept per (image, analysis time[, DB version]) so repeated
/// reads (checks, content, vulnerability listings) neither re-parse the stored JSON nor re-match.
/// </summary>
public sealed class AnalysisCache(ImageStore images, VulnDbSource vulnDb)
{
    private const int MaxEntries = 2048;
    private readonly ConcurrentDictionary<string, StoredAnalysis> _analyses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScanResult?> _scans = new(StringComparer.Ordinal);

    public VulnDbSource VulnDb => vulnDb;

    /// <summary>The image (by id or digest) with its analysis; null when unknown or not analysed yet.</summary>
    public StoredAnalysis? Load(string idOrDigest) => images.Get(idOrDigest) is { } image ? Load(image) : null;

    public StoredAnalysis? Load(ImageRecord image)
    {
        if (image.Status != ImageStatus.Analyzed || image.AnalyzedAt is null)
        {
            return null;
        }

        var key = $"{image.Id}@{image.AnalyzedAt.Value.ToUnixTimeMilliseconds()}";
        if (!_analyses.TryGetValue(key, out var stored))
        {
            var json = images.GetAnalysisJson(image.Id);
            if (json is null)
            {
                return null;
            }

            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            stored = new StoredAnalysis(image, NativeJson.Read(stream, $"stored analysis of image {image.Id}")) { RetrievedFiles = images.GetRetrievedFiles(image.Id) };
            Bound(_analyses);
            _analyses[key] = stored;
        }

        return stored with { Image = image };
    }

    /// <summary>The vulnerability matches of <paramref name="stored"/> against the service's DB as it is now (null without a DB).</summary>
    public (ScanResult? Scan, string DbVersion) Scan(StoredAnalysis stored)
    {
        var version = vulnDb.Version;
        return (Scan(stored, version == VulnDbSource.NoDatabase ? null : vulnDb.Path, version), version);
    }

    /// <summary>
    /// The matches of <paramref name="stored"/> against the DB file <paramref name="dbPath"/> at <paramref name="dbVersion"/>
    /// (null without a DB), kept per (analysis, DB file, version): a new tag or bundle version re-evaluates, it does
    /// not re-match. The admission webhook may watch a DB of its own; it shares this cache.
    /// </summary>
    public ScanResult? Scan(StoredAnalysis stored, string? dbPath, string dbVersion)
    {
        if (dbPath is null)
        {
            return null;
        }

        var key = $"{stored.AnalysisKey}#{dbPath}#{dbVersion}";
        if (!_scans.TryGetValue(key, out var scan))
        {
            scan = VulnDbSource.Scan(dbPath, stored.Analysis);
            Bound(_scans);
            _scans[key] = scan;
        }

        return scan;
    }

    /// <summary>Keeps memory bounded: entries of old analyses and DB versions are simply dropped together.</summary>
    private static void Bound<T>(ConcurrentDictionary<string, T> cache)
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }
    }
}
