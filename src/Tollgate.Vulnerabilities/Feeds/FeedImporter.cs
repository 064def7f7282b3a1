using System.IO.Compression;
using System.Text.Json;
using YamlDotNet.Core;

namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>
/// Reads a file, a folder (recursively) or a zip of any supported formats, detecting each file's format.
/// A file that cannot be read is skipped with its reason; the import goes on.
/// </summary>
public static class FeedImporter
{
    public static ImportReport Import(string path, IFeedSink sink, ImportReport? report = null, CancellationToken cancellationToken = default)
    {
        report ??= new ImportReport();
        foreach (var file in Enumerate(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOne(file, sink, report);
        }

        return report;
    }

    public static void ReadOne(FeedFile file, IFeedSink sink, ImportReport report)
    {
        try
        {
            if (NotAFeed(file) is { } why)
            {
                report.Skip(file.Name, why);
                return;
            }

            var reader = FeedReaders.Detect(file);
            if (reader is null)
            {
                report.Skip(file.Name, "not a supported advisory format");
                return;
            }

            report.Read(reader.Format, reader.Read(file, sink, report));
        }
        catch (Exception e) when (e is JsonException or YamlException or FeedFormatException or InvalidDataException or FormatException or InvalidOperationException or InvalidCastException)
        {
            report.Skip(file.Name, e.Message.Split('\n')[0]);
        }
    }

    /// <summary>Well-known neighbours of feed files that are not advisories, named so the skip reason is useful.</summary>
    private static string? NotAFeed(FeedFile file)
    {
        var head = file.Head;
        if (head.Contains("\"$schema\"", StringComparison.Ordinal) && head.Contains("\"properties\"", StringComparison.Ordinal))
        {
            return "a JSON Schema, not advisory data";
        }

        if (head.Contains("\"CVE_RECORD\"", StringComparison.Ordinal) || head.Contains("\"cveMetadata\"", StringComparison.Ordinal) || (head.Contains("\"containers\"", StringComparison.Ordinal) && head.Contains("\"cna\"", StringComparison.Ordinal)))
        {
            return "a CVE JSON 5 record: not imported (NVD's CVE API gives the same CVE with CPEs and scores)";
        }

        if (head.Contains("\"identifier\"", StringComparison.Ordinal) && head.Contains("anchore/vunnel", StringComparison.Ordinal))
        {
            return "vunnel's normalised output, not an upstream feed";
        }

        return null;
    }

    /// <summary>Files under a path: a zip's entries, a folder's files in a stable order, or the file itself.</summary>
    public static IEnumerable<FeedFile> Enumerate(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                foreach (var inner in Enumerate(f))
                {
                    yield return inner;
                }
            }

            yield break;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder");
        }

        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                // Entries are read one at a time into memory: advisory files are small (a few MB at most).
                var bytes = ReadEntry(entry);
                yield return new FeedFile($"{path}!{entry.FullName}", () => new MemoryStream(bytes, writable: false));
            }

            yield break;
        }

        yield return new FeedFile(path, () => File.OpenRead(path));
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
