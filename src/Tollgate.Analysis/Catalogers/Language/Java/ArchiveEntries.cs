using System.IO.Compression;
using System.Security.Cryptography;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>
/// Reads entries out of a zip within <see cref="ArchiveLimits"/>: the declared size and ratio are checked before
/// inflating, the actual bytes are counted while inflating (a lying header cannot go past its declared size),
/// and every byte is charged to the top-level archive's budget. Nothing is ever extracted to disk by name.
/// </summary>
public sealed class ArchiveEntries(ArchiveLimits limits)
{
    private long _budget = limits.MaxTotalBytes;

    public ArchiveLimits Limits => limits;

    /// <summary>Why an entry may not be read, or null when it may.</summary>
    public string? Refusal(ZipArchiveEntry entry, long max)
    {
        if (entry.Length > max)
        {
            return $"{entry.Length} bytes is over the {max}-byte bound";
        }

        if (entry.Length > limits.RatioFloorBytes && entry.Length > (long)limits.MaxRatio * Math.Max(1, entry.CompressedLength))
        {
            return $"compression ratio {entry.Length / Math.Max(1, entry.CompressedLength)}:1 looks like a zip bomb";
        }

        return entry.Length > _budget ? $"the archive's {limits.MaxTotalBytes}-byte read budget is spent" : null;
    }

    /// <summary>The entry's bytes as a seekable stream (memory or a delete-on-close temp file), plus their sha1.</summary>
    public (Stream Content, string Sha1) Extract(ZipArchiveEntry entry)
    {
        Stream target = entry.Length <= limits.InMemoryBytes
            ? new MemoryStream((int)Math.Max(0, entry.Length))
            : Common.SeekableContent.TempFile();
        try
        {
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            using var source = entry.Open();
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                total += read;
                Charge(read);
                if (total > entry.Length)
                {
                    throw new InvalidDataException($"entry {entry.FullName} inflates past its declared {entry.Length} bytes");
                }

                sha1.AppendData(buffer, 0, read);
                target.Write(buffer, 0, read);
            }

            target.Position = 0;
            return (target, Convert.ToHexStringLower(sha1.GetHashAndReset()));
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>Small metadata entries (manifest, pom) read fully into memory.</summary>
    public MemoryStream ReadSmall(ZipArchiveEntry entry)
    {
        var (content, _) = Extract(entry);
        return content as MemoryStream ?? throw new InvalidDataException($"entry {entry.FullName} is too large for metadata");
    }

    /// <summary>Names that would escape an extraction root ("../x", "/etc/x", "C:\x"): ignored, never followed.</summary>
    public static bool IsUnsafeName(string name) =>
        name.StartsWith('/') || name.StartsWith('\\') || name.Contains(':')
        || name.Split('/', '\\').Any(part => part == "..");

    private void Charge(long bytes)
    {
        _budget -= bytes;
        if (_budget < 0)
        {
            throw new InvalidDataException($"read budget of {limits.MaxTotalBytes} bytes spent");
        }
    }
}
