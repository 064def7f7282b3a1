using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>The files a header lists, with digest, mode and size where the header has them.</summary>
internal static class RpmFileList
{
    public static IReadOnlyList<OwnedFile> From(RpmHeader header)
    {
        var paths = Paths(header);
        if (paths.Count == 0)
        {
            return [];
        }

        var digests = header.StringArray(RpmTag.FileDigests);
        var modes = header.Integers(RpmTag.FileModes);
        var sizes = header.Integers(RpmTag.LongFileSizes);
        if (sizes.Length == 0)
        {
            sizes = header.Integers(RpmTag.FileSizes);
        }

        var algorithm = DigestAlgorithm(header.Integer(RpmTag.FileDigestAlgo));
        var files = new OwnedFile[paths.Count];
        for (var i = 0; i < files.Length; i++)
        {
            // Per-file arrays shorter than the path list are a damaged header; the path is still worth keeping.
            var digest = i < digests.Length && digests[i].Length > 0 ? new Digest(algorithm, digests[i]) : null;
            files[i] = new OwnedFile(paths[i])
            {
                Digest = digest,
                Mode = i < modes.Length ? (int)modes[i] : null,
                Size = i < sizes.Length ? sizes[i] : null,
            };
        }

        return files;
    }

    /// <summary>Compressed file names (DIRNAMES + BASENAMES + DIRINDEXES), or OLDFILENAMES in headers before rpm 4.</summary>
    private static List<string> Paths(RpmHeader header)
    {
        var baseNames = header.StringArray(RpmTag.BaseNames);
        if (baseNames.Length == 0)
        {
            return [.. header.StringArray(RpmTag.OldFileNames)];
        }

        var dirNames = header.StringArray(RpmTag.DirNames);
        var dirIndexes = header.Integers(RpmTag.DirIndexes);
        if (dirIndexes.Length != baseNames.Length)
        {
            throw new RpmFormatException($"{baseNames.Length} BASENAMES but {dirIndexes.Length} DIRINDEXES");
        }

        var paths = new List<string>(baseNames.Length);
        for (var i = 0; i < baseNames.Length; i++)
        {
            var dir = dirIndexes[i];
            if (dir < 0 || dir >= dirNames.Length)
            {
                throw new RpmFormatException($"file {i} has DIRINDEXES {dir} outside the {dirNames.Length} DIRNAMES");
            }

            paths.Add(dirNames[dir] + baseNames[i]);
        }

        return paths;
    }

    /// <summary>PGPHASHALGO numbers; rpm writes no FILEDIGESTALGO when the digests are MD5.</summary>
    private static string DigestAlgorithm(long? algo) => algo switch
    {
        null or 1 => "md5",
        2 => "sha1",
        3 => "ripemd160",
        8 => "sha256",
        9 => "sha384",
        10 => "sha512",
        11 => "sha224",
        _ => "pgphashalgo-" + algo,
    };
}
