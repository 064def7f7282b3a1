using Tollgate.Analysis.Model;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>Pure parsers of the per-package file lists dpkg keeps: info/NAME.list and info/NAME.md5sums.</summary>
public static class DpkgFileListing
{
    /// <summary>NAME.list: one absolute path per line, directories included; "/." is the root itself.</summary>
    public static IEnumerable<string> ParseList(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            var path = line.Trim();
            if (path.Length > 0 && path != "/.")
            {
                yield return PathUtil.Normalize(path);
            }
        }
    }

    /// <summary>NAME.md5sums: "HEX  relative/path" per line; paths are relative to the root the database belongs to.</summary>
    public static IEnumerable<OwnedFile> ParseMd5sums(TextReader reader, string fsRoot, string fileName, ICollection<string> warnings)
    {
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ');
            if (space != 32 || !line.AsSpan(0, 32).ContainsOnlyHex())
            {
                warnings.Add($"{fileName}: line {lineNo} is not 'MD5  path'");
                continue;
            }

            var path = PathUtil.Normalize(fsRoot + "/" + line[(space + 1)..].TrimStart(' ', '*'));
            yield return new OwnedFile(path) { Digest = new Digest("md5", line[..32].ToLowerInvariant()) };
        }
    }
}

internal static class SpanHex
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
