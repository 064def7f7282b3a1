using System.Text;
using System.Text.RegularExpressions;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Binary;

/// <summary>
/// Finds unmanaged programs and libraries (openssl, busybox, python, node, redis, …) by file name, then by byte
/// patterns. Files are read in bounded chunks (Latin-1, one char per byte) with an overlap, so a version string cut
/// by a chunk border is still found and memory stays at one chunk whatever the binary's size.
/// </summary>
public sealed class BinaryClassifierCataloger : ICataloger
{
    public const string RequestName = "binary-classifier";
    private const int ChunkChars = 1 << 20;
    private const int OverlapChars = 4096;

    /// <summary>Largest file read (node and chrome binaries are ~100 MB; beyond this is not a program we classify).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private readonly IReadOnlyList<Compiled> _classifiers;

    public BinaryClassifierCataloger()
        : this(BinaryClassifiers.All)
    {
    }

    public BinaryClassifierCataloger(IReadOnlyList<BinaryClassifier> classifiers)
    {
        _classifiers = classifiers.Select(c => new Compiled(
            c,
            new Regex("^(?:" + c.FileName + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled),
            c.Patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout)).ToArray())).ToList();
        Requests =
        [
            new ContentRequest
            {
                Name = RequestName,
                PathMatches = path => Candidates(PathUtil.FileName(path)).Any(),
                MaxBytes = MaxFileBytes,
                MinBytes = 4,
            },
        ];
    }

    public string Name => "binary-classifier";

    public IReadOnlyList<ContentRequest> Requests { get; }

    public CatalogResult Catalog(CatalogContext context)
    {
        var packages = new List<Package>();
        foreach (var file in context.Contents.For(RequestName))
        {
            var candidates = Candidates(PathUtil.FileName(file.Path))
                .Where(c => c.Classifier.RequiresSibling.Count == 0 || HasSibling(context.Files, file.Path, c.Classifier.RequiresSibling))
                .ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            Dictionary<Compiled, string> found;
            using (var stream = context.Contents.Open(file))
            {
                found = Classify(stream, candidates, file.Path, context);
            }

            packages.AddRange(candidates.Where(found.ContainsKey).Select(c => ToPackage(c.Classifier, found[c], context.LocationOf(file))));
        }

        return new CatalogResult { Packages = packages };
    }

    /// <summary>Classifies one file's content (used by tests and by callers holding a stream).</summary>
    public IReadOnlyList<(BinaryClassifier Classifier, string Version)> Classify(string path, Stream content)
    {
        var candidates = Candidates(PathUtil.FileName(path)).ToList();
        var found = Classify(content, candidates, path, null);
        return candidates.Where(found.ContainsKey).Select(c => (c.Classifier, found[c])).ToList();
    }

    private IEnumerable<Compiled> Candidates(string fileName) => _classifiers.Where(c => c.FileName.IsMatch(fileName));

    private static bool HasSibling(FileIndex files, string path, IReadOnlyList<string> siblings)
    {
        var dir = PathUtil.Parent(path);
        return siblings.Any(s => files.Find(PathUtil.Normalize(dir + "/" + s)) is not null);
    }

    private static Dictionary<Compiled, string> Classify(Stream stream, List<Compiled> candidates, string path, CatalogContext? context)
    {
        var found = new Dictionary<Compiled, string>();
        var bytes = new byte[ChunkChars];
        var carry = "";
        long total = 0;
        int read;
        while (found.Count < candidates.Count && total < MaxFileBytes && (read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)) > 0)
        {
            total += read;
            // Latin-1 maps every byte to one char, so byte patterns like \x00 and \xcd work as written.
            var text = carry + Encoding.Latin1.GetString(bytes, 0, read);
            foreach (var candidate in candidates)
            {
                if (found.ContainsKey(candidate))
                {
                    continue;
                }

                var version = candidate.FindVersion(text, path, context);
                if (version is not null)
                {
                    found[candidate] = version;
                }
            }

            carry = text.Length > OverlapChars ? text[^OverlapChars..] : text;
        }

        return found;
    }

    private static Package ToPackage(BinaryClassifier classifier, string version, Location location) => new()
    {
        Id = PackageIds.For(PackageTypes.Binary, classifier.Package, version, location.Path),
        Name = classifier.Package,
        Version = version,
        Type = PackageTypes.Binary,
        FoundBy = "binary-classifier",
        Purl = PackageUrl.Create("generic", null, classifier.Package, version),
        Cpes = classifier.Cpes.Select(vp => vp.Split(':')).Select(vp => Cpe.Application(vp[0], vp[1], version)).ToList(),
        Locations = [location],
        Metadata = new Dictionary<string, string> { ["classifier"] = classifier.Id },
    };

    private sealed record Compiled(BinaryClassifier Classifier, Regex FileName, Regex[] Patterns)
    {
        public string? FindVersion(string text, string path, CatalogContext? context)
        {
            foreach (var pattern in Patterns)
            {
                Match match;
                try
                {
                    match = pattern.Match(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    context?.Warn($"{path}: classifier {Classifier.Id} timed out on a pattern; skipped");
                    continue;
                }

                for (; match.Success; match = match.NextMatch())
                {
                    var version = match.Groups["version"].Value;
                    if (match.Groups["pre"] is { Success: true } pre)
                    {
                        version += "-" + pre.Value;
                    }

                    if (!Classifier.VersionMustMatchFileName || FitsFileName(version, path))
                    {
                        return version;
                    }
                }
            }

            return null;
        }

        private bool FitsFileName(string version, string path)
        {
            var fv = FileName.Match(PathUtil.FileName(path)).Groups["fv"];
            return !fv.Success || version == fv.Value || version.StartsWith(fv.Value + ".", StringComparison.Ordinal);
        }
    }
}
