using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Tests.Language;

/// <summary>
/// A one-layer image made of a real folder on disk (a corpus fixture), mounted at <c>mountAt</c>, with the content
/// requests applied as the layer pass applies them: path filter, sniff, MinBytes, MaxBytes (warning) and KeepHeaderBytes.
/// Lets the catalogers be tested on real fixture files before and independently of the image loader.
/// </summary>
public sealed class FolderImage : IContentStore
{
    private readonly List<(CollectedFile File, string HostPath, int? Keep)> _kept = [];
    private readonly List<string> _warnings = [];

    private FolderImage(string folder, string mountAt, IReadOnlyList<ContentRequest> requests)
    {
        var entries = new List<FileEntry>();
        foreach (var host in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(host);
            var path = PathUtil.Normalize(mountAt + "/" + Path.GetRelativePath(folder, host).Replace('\\', '/'));
            var entry = new FileEntry { Path = path, Type = FileEntryType.File, Size = info.Length, Mode = 0x1A4 };
            entries.Add(entry);
            var wanted = new List<string>();
            int? keep = null;
            foreach (var request in requests.Where(r => r.WantsPath(entry)))
            {
                if (request.Sniff is not null && !request.Sniff(Head(host, request.SniffBytes)))
                {
                    continue;
                }

                if (request.KeepHeaderBytes is null && info.Length > request.MaxBytes)
                {
                    _warnings.Add($"{path}: {info.Length} bytes is over the {request.MaxBytes}-byte bound of request {request.Name}; not read");
                    continue;
                }

                keep = request.KeepHeaderBytes is { } k ? Math.Max(keep ?? 0, k) : null;
                wanted.Add(request.Name);
            }

            if (wanted.Count > 0)
            {
                _kept.Add((new CollectedFile { Path = path, Layer = 0, Size = info.Length, RequestedBy = wanted }, host, keep));
            }
        }

        Files = _kept.Select(k => k.File).ToList();
        Index = new FileIndex([new LayerFiles { Index = 0, DiffId = "sha256:" + new string('0', 64), Entries = entries }]);
    }

    public IReadOnlyList<CollectedFile> Files { get; }

    public FileIndex Index { get; }

    /// <summary>Runs one cataloger over a fixture folder the way the pipeline would; returns its result and warnings.</summary>
    public static (CatalogResult Result, IReadOnlyList<string> Warnings) Catalog(ICataloger cataloger, string folder, string mountAt = "/")
    {
        var store = new FolderImage(folder, mountAt, cataloger.Requests);
        using var image = new LoadedImage
        {
            Metadata = new ImageMetadata { Source = "dir:" + folder, SourceKind = "dir" },
            Files = store.Index,
            Contents = store,
        };
        var context = new CatalogContext(image, null);
        var result = cataloger.Catalog(context);
        return (result, [.. store._warnings, .. context.Warnings]);
    }

    public IEnumerable<CollectedFile> For(string requestName) => Files.Where(f => f.RequestedBy.Contains(requestName));

    public Stream Open(CollectedFile file)
    {
        var (_, host, keep) = _kept.First(k => k.File == file);
        var stream = File.OpenRead(host);
        if (keep is not { } n)
        {
            return stream;
        }

        var buffer = new byte[Math.Min(n, stream.Length)];
        stream.ReadExactly(buffer);
        stream.Dispose();
        return new MemoryStream(buffer, writable: false);
    }

    public CollectedFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);

    public void Dispose()
    {
    }

    private static byte[] Head(string host, int count)
    {
        using var s = File.OpenRead(host);
        var buffer = new byte[Math.Min(count, s.Length)];
        s.ReadExactly(buffer);
        return buffer;
    }
}

/// <summary>Assertion helpers over catalog results.</summary>
public static class Found
{
    public static Package One(this CatalogResult result, string name, string? version = null) =>
        Assert.Single(result.Packages, p => p.Name == name && (version is null || p.Version == version));

    public static string[] NameVersions(this CatalogResult result) =>
        result.Packages.Select(p => p.Name + "@" + p.Version).Order(StringComparer.Ordinal).ToArray();

    public static bool HasEdge(this CatalogResult result, Package from, Package to, string type = RelationshipTypes.DependsOn) =>
        result.Relationships.Contains(new Relationship(from.Id, to.Id, type));
}

/// <summary>Runs a pure parser on one corpus file as if it sat at <c>imagePath</c> in an image.</summary>
public static class Parsing
{
    public static CatalogResult Run(Catalogers.Language.Common.FileParser parser, string hostPath, string imagePath)
    {
        using var stream = File.OpenRead(hostPath);
        var warnings = new List<string>();
        return parser(new Catalogers.Language.Common.ParseInput(stream, new Location(imagePath, 0), warnings.Add));
    }
}
