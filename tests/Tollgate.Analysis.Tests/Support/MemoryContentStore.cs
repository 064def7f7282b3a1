using Tollgate.Images.Content;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>Test-side content store: kept files held in memory (fixtures are small).</summary>
public sealed class MemoryContentStore : IContentStore
{
    private readonly List<CollectedFile> _files = [];
    private readonly Dictionary<CollectedFile, byte[]> _bytes = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<CollectedFile> Files => _files;

    public void Add(CollectedFile file, byte[] content)
    {
        _files.Add(file);
        _bytes[file] = content;
    }

    public IEnumerable<CollectedFile> For(string requestName) =>
        _files.Where(f => f.RequestedBy.Contains(requestName)).OrderBy(f => f.Shadowed);

    public Stream Open(CollectedFile file) => new MemoryStream(_bytes[file], writable: false);

    public CollectedFile? Find(string path) => _files.FirstOrDefault(f => !f.Shadowed && f.Path == path);

    public void Dispose()
    {
    }
}
