using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Matching;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Service.Checks;

/// <summary>
/// The vulnerability DB the service matches against (the CLI's --db location rules). Its version is read from the
/// file itself (size and write time): a feed update renames a new file into place, so any update changes the version
/// and every cache keyed on it misses.
/// </summary>
public sealed class VulnDbSource(ServiceOptions options)
{
    /// <summary>The version when no DB exists: vulnerability rules then report "vulnerability data not available".</summary>
    public const string NoDatabase = "none";

    public string Path { get; } = VulnDbLocation.Resolve(options.VulnDbPath);

    /// <summary>"size-ticks" of the DB file, or <see cref="NoDatabase"/>.</summary>
    public string Version
    {
        get
        {
            var file = new FileInfo(Path);
            return file.Exists ? $"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}" : NoDatabase;
        }
    }

    /// <summary>Matches <paramref name="analysis"/> (null without a DB). Each call opens its own read-only connection, so scans run in parallel.</summary>
    public ScanResult? Scan(ImageAnalysis analysis) => Scan(Path, analysis);

    /// <summary>Matches <paramref name="analysis"/> against the DB file at <paramref name="path"/>, null when there is none.</summary>
    public static ScanResult? Scan(string path, ImageAnalysis analysis)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var db = VulnDb.Open(path);
        return new VulnerabilityMatcher(db).Scan(analysis);
    }
}
