using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Ownership;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Secrets;

/// <summary>
/// Scans the text files of every layer (a secret deleted by a later layer still ships in the image) plus the image's
/// env, labels and history for credentials. Findings hold only a redacted match.
/// </summary>
public sealed partial class SecretsStep : IAnalysisStep
{
    public const string RequestName = "secrets";

    /// <summary>Bytes kept of each text file: config files are small; the head of a big text file is where keys sit.</summary>
    public const int KeptBytes = 1024 * 1024;

    public string Name => "secrets";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new ContentRequest
        {
            Name = RequestName,
            PathMatches = path => !SecretAllowlist.SkippedPaths.IsMatch(path),
            Sniff = LooksLikeText,
            SniffBytes = 512,
            KeepHeaderBytes = KeptBytes,
            MinBytes = 8,
            AllLayers = true,
        },
    ];

    public void Run(AnalysisBuilder analysis)
    {
        var options = analysis.Options.Secrets;
        if (!options.Enabled)
        {
            return;
        }

        var scanner = new SecretScanner(SecretRuleSet.Create(options));
        var findings = new ConcurrentBag<SecretFinding>();
        var contents = analysis.Image.Contents;
        var owned = OwnedPathIndex.For(analysis);
        var files = contents.For(RequestName).Where(f => options.ScanOsPackageFiles || !IsOsPackageFile(owned, f.Path));
        Parallel.ForEach(files, file =>
        {
            foreach (var finding in ScanFile(scanner, contents, file, options.MaxFileBytes))
            {
                findings.Add(finding);
            }
        });

        if (options.ScanConfig)
        {
            foreach (var finding in ScanConfig(scanner, analysis))
            {
                findings.Add(finding);
            }
        }

        analysis.Secrets.AddRange(findings.OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Where, StringComparer.Ordinal)
            .ThenBy(f => f.Layer).ThenBy(f => f.Line).ThenBy(f => f.RuleId, StringComparer.Ordinal));
    }

    /// <summary>An OS package's file under /usr: the distribution's content, not something the image's builder put there.</summary>
    public static bool IsOsPackageFile(OwnedPathIndex owned, string path) =>
        path.StartsWith("/usr/", StringComparison.Ordinal) && !path.StartsWith("/usr/local/", StringComparison.Ordinal)
        && owned.OwnersOf(path).Count > 0;

    /// <summary>Text means no NUL byte in the first bytes (UTF-16 and binaries have them).</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head) => head.IndexOf((byte)0) < 0;

    private static IEnumerable<SecretFinding> ScanFile(SecretScanner scanner, IContentStore contents, CollectedFile file, int maxBytes)
    {
        string text;
        using (var stream = contents.Open(file))
        {
            text = ReadText(stream, maxBytes);
        }

        // The sniff saw only the head; a NUL further on still means a binary.
        if (text.Contains('\0'))
        {
            return [];
        }

        return scanner.ScanFile(file.Path, text)
            .Select(m => SecretScanner.ToFinding(m, "file", file.Path, file.Layer, m.Line, file.Shadowed));
    }

    private static string ReadText(Stream stream, int maxBytes)
    {
        var buffer = new byte[Math.Min(maxBytes, stream.CanSeek ? (int)Math.Min(stream.Length, maxBytes) : maxBytes)];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static IEnumerable<SecretFinding> ScanConfig(SecretScanner scanner, AnalysisBuilder analysis)
    {
        var metadata = analysis.Image.Metadata;
        foreach (var entry in metadata.Config.Env)
        {
            var eq = entry.IndexOf('=');
            var name = eq < 0 ? entry : entry[..eq];
            var value = eq < 0 ? "" : entry[(eq + 1)..];
            foreach (var match in scanner.ScanAssignment(name, value))
            {
                yield return SecretScanner.ToFinding(match, "env", name, null, null, false);
            }
        }

        foreach (var (key, value) in metadata.Config.Labels)
        {
            foreach (var match in scanner.ScanAssignment(key, value))
            {
                yield return SecretScanner.ToFinding(match, "label", key, null, null, false);
            }
        }

        for (var i = 0; i < metadata.History.Count; i++)
        {
            var entry = metadata.History[i];
            if (string.IsNullOrEmpty(entry.CreatedBy))
            {
                continue;
            }

            var where = $"history[{i}]";
            var matches = new List<SecretMatch>();
            foreach (Match assignment in Assignment().Matches(entry.CreatedBy))
            {
                matches.AddRange(scanner.ScanAssignment(assignment.Groups["name"].Value, assignment.Groups["value"].Value.Trim('"', '\'')));
            }

            // The whole command line too (a token in a curl header); a secret already found as an assignment counts once.
            matches.AddRange(scanner.ScanConfigText(entry.CreatedBy));
            foreach (var match in matches.DistinctBy(m => m.Redacted))
            {
                yield return SecretScanner.ToFinding(match, "history", where, entry.LayerIndex, null, false);
            }
        }
    }

    // NAME=value as ENV, ARG and RUN's "|N NAME=value" build arguments write them in created_by.
    [GeneratedRegex("""(?:^|\s)(?<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?<value>"[^"]*"|'[^']*'|\S+)""")]
    private static partial Regex Assignment();
}
