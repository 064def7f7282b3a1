using System.Runtime.CompilerServices;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Ownership;

/// <summary>
/// Image path → ids of the OS packages whose database lists it. Paths are canonicalised through symlinked parent
/// folders, so dpkg's "/bin/ls" finds "/usr/bin/ls" on a usrmerge image. Built once per analysis.
/// </summary>
public sealed class OwnedPathIndex
{
    private static readonly ConditionalWeakTable<AnalysisBuilder, OwnedPathIndex> Cache = new();
    private readonly Dictionary<string, List<string>> _owners = new(StringComparer.Ordinal);

    private OwnedPathIndex(FileIndex files, IEnumerable<Package> packages)
    {
        foreach (var package in packages.Where(p => PackageTypes.IsOs(p.Type)))
        {
            foreach (var file in package.Files)
            {
                var path = Canonical(files, file.Path);
                if (!_owners.TryGetValue(path, out var ids))
                {
                    _owners[path] = ids = [];
                }

                if (!ids.Contains(package.Id))
                {
                    ids.Add(package.Id);
                }
            }
        }
    }

    public IReadOnlyDictionary<string, List<string>> Owners => _owners;

    public static OwnedPathIndex For(AnalysisBuilder analysis) =>
        Cache.GetValue(analysis, a => new OwnedPathIndex(a.Image.Files, a.Packages));

    public IReadOnlyList<string> OwnersOf(string path) => _owners.TryGetValue(path, out var ids) ? ids : [];

    /// <summary>The squashed-view path a database path names: itself when present, else with its parent folder resolved.</summary>
    public static string Canonical(FileIndex files, string path)
    {
        var normal = PathUtil.Normalize(path);
        if (files.Find(normal) is not null)
        {
            return normal;
        }

        var parent = files.Resolve(PathUtil.Parent(normal));
        return parent is { Type: FileEntryType.Dir } ? PathUtil.Join(parent.Path, PathUtil.FileName(normal)) : normal;
    }
}
