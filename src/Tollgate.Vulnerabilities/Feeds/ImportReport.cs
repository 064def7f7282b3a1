namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>What an import read, per format, and every file or record it skipped with the reason.</summary>
public sealed class ImportReport
{
    private readonly Dictionary<string, int> _records = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> RecordsByFormat => _records;
    public List<SkippedInput> Skipped { get; } = [];
    public int FilesRead { get; private set; }

    public void Read(string format, int records)
    {
        FilesRead++;
        _records[format] = _records.GetValueOrDefault(format) + records;
    }

    public void Skip(string file, string reason) => Skipped.Add(new SkippedInput(file, reason));
}

public sealed record SkippedInput(string File, string Reason);

/// <summary>A record or file that cannot be read; the importer skips it and records the reason.</summary>
public sealed class FeedFormatException(string message) : Exception(message);
