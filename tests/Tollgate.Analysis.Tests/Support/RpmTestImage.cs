using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>
/// A one-layer image made of real files on disk, for cataloger tests while the image loader is elsewhere: each file
/// is kept for the content requests whose path filter wants it, exactly as the layer pass would decide.
/// </summary>
internal sealed class RpmTestImage : IContentStore
{
    private readonly Dictionary<string, string> _hostPaths;

    private RpmTestImage(IReadOnlyList<CollectedFile> files, Dictionary<string, string> hostPaths)
    {
        Files = files;
        _hostPaths = hostPaths;
    }

    public IReadOnlyList<CollectedFile> Files { get; }

    /// <summary>An image holding <paramref name="files"/> (image path → host file) for <paramref name="requests"/>.</summary>
    public static LoadedImage Create(IEnumerable<ContentRequest> requests, params (string ImagePath, string HostPath)[] files)
    {
        var entries = files.Select(f => new FileEntry
        {
            Path = f.ImagePath,
            Type = FileEntryType.File,
            Mode = 0x1A4, // 0644
            Size = new FileInfo(f.HostPath).Length,
        }).ToList();
        var requestList = requests.ToList();
        var collected = entries
            .Select(e => new CollectedFile
            {
                Path = e.Path,
                Layer = 0,
                Size = e.Size,
                RequestedBy = requestList.Where(r => r.WantsPath(e)).Select(r => r.Name).ToList(),
            })
            .Where(c => c.RequestedBy.Count > 0)
            .ToList();
        var store = new RpmTestImage(collected, files.ToDictionary(f => f.ImagePath, f => f.HostPath));
        return new LoadedImage
        {
            Metadata = new ImageMetadata { Source = "dir:test", SourceKind = "dir" },
            Files = new FileIndex([new LayerFiles { Index = 0, DiffId = "sha256:" + new string('0', 64), Entries = entries }]),
            Contents = store,
        };
    }

    public IEnumerable<CollectedFile> For(string requestName) => Files.Where(f => f.RequestedBy.Contains(requestName));

    public Stream Open(CollectedFile file) => File.OpenRead(_hostPaths[file.Path]);

    public CollectedFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);

    public void Dispose()
    {
    }
}
