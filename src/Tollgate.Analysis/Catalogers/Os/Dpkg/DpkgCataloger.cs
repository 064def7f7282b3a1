using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>
/// Debian packages from the dpkg database: /var/lib/dpkg/status and distroless status.d/* files, with the files each
/// package owns (info/NAME[:ARCH].list, .md5sums) and licenses from /usr/share/doc/NAME/copyright.
/// </summary>
public sealed class DpkgCataloger : ICataloger
{
    private const string StatusRequest = "dpkg-status";
    private const string FilesRequest = "dpkg-files";
    private const string CopyrightRequest = "dpkg-copyright";

    public string Name => "dpkg-db";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new() { Name = StatusRequest, PathMatches = ContentRequest.Globs("**/var/lib/dpkg/status", "**/var/lib/dpkg/status.d/*") },
        new() { Name = FilesRequest, PathMatches = ContentRequest.Globs("**/var/lib/dpkg/info/*.list", "**/var/lib/dpkg/info/*.md5sums") },
        new() { Name = CopyrightRequest, PathMatches = ContentRequest.Globs("**/usr/share/doc/*/copyright"), MaxBytes = 4 * 1024 * 1024 },
    ];

    public CatalogResult Catalog(CatalogContext context)
    {
        var declared = new List<DeclaredDependencies>();
        foreach (var file in context.Contents.For(StatusRequest).Where(f => !f.Shadowed))
        {
            var isStatusD = PathUtil.FileName(PathUtil.Parent(file.Path)) == "status.d";
            if (isStatusD && IsSidecar(file.Path))
            {
                continue;
            }

            var dbRoot = isStatusD ? PathUtil.Parent(PathUtil.Parent(file.Path)) : PathUtil.Parent(file.Path);
            IReadOnlyList<DpkgEntry> entries;
            using (var reader = new StreamReader(context.Contents.Open(file)))
            {
                entries = DpkgStatusParser.Parse(reader, file.Path, new WarningSink(context));
            }

            foreach (var entry in entries.Where(e => e.IsInstalled))
            {
                var package = ToPackage(context, entry, file, dbRoot, isStatusD);
                declared.Add(new DeclaredDependencies(
                    package,
                    DpkgDependencies.Parse(entry.Provides).SelectMany(g => g).ToList(),
                    [.. DpkgDependencies.Parse(entry.PreDepends), .. DpkgDependencies.Parse(entry.Depends)]));
            }
        }

        return new CatalogResult
        {
            Packages = declared.Select(d => d.Package).ToList(),
            Relationships = OsDependencyLinker.Link(declared),
        };
    }

    private static bool IsSidecar(string path) =>
        path.EndsWith(".md5sums", StringComparison.Ordinal) || path.EndsWith(".list", StringComparison.Ordinal)
        || path.EndsWith(".conffiles", StringComparison.Ordinal);

    private static Package ToPackage(CatalogContext context, DpkgEntry entry, CollectedFile statusFile, string dbRoot, bool isStatusD)
    {
        var fsRoot = dbRoot.EndsWith("/var/lib/dpkg", StringComparison.Ordinal) ? dbRoot[..^"/var/lib/dpkg".Length] : "";
        var locations = new List<Location> { context.LocationOf(statusFile) };
        var files = OwnedFiles(context, entry, dbRoot, fsRoot, isStatusD, locations);
        var licenses = Licenses(context, entry, fsRoot, locations);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { "Maintainer", "Section", "Priority", "Multi-Arch", "Homepage", "Essential", "Depends", "Pre-Depends", "Provides", "Status" })
        {
            if (entry.Fields.TryGetValue(field, out var value) && value.Length > 0)
            {
                metadata[field.ToLowerInvariant()] = value;
            }
        }

        var colon = entry.Version.IndexOf(':');
        return new Package
        {
            Id = PackageIds.For(PackageTypes.Deb, entry.Package, entry.Version, statusFile.Path + "#" + entry.Architecture),
            Name = entry.Package,
            Version = entry.Version,
            Type = PackageTypes.Deb,
            FoundBy = "dpkg-db",
            Purl = DpkgPackageIdentity.Purl(entry, context.Distro),
            Cpes = DpkgPackageIdentity.Cpes(entry),
            Licenses = licenses,
            Locations = locations,
            Architecture = entry.Architecture,
            SourceName = entry.Source,
            SourceVersion = entry.SourceVersion,
            Epoch = colon > 0 && int.TryParse(entry.Version.AsSpan(0, colon), out var epoch) ? epoch : null,
            Supplier = entry.Maintainer,
            InstalledSize = entry.InstalledSizeKiB * 1024,
            Metadata = metadata,
            Files = files,
        };
    }

    private static List<OwnedFile> OwnedFiles(CatalogContext context, DpkgEntry entry, string dbRoot, string fsRoot, bool isStatusD, List<Location> locations)
    {
        // Multi-arch "same" packages name their files NAME:ARCH.*; others NAME.*. Distroless keeps md5sums in status.d.
        var infoDir = PathUtil.Join(dbRoot, isStatusD ? "status.d" : "info");
        var stems = new[] { $"{entry.Package}:{entry.Architecture}", entry.Package };
        var byPath = new Dictionary<string, OwnedFile>(StringComparer.Ordinal);
        var md5 = stems.Select(s => context.Contents.Find(PathUtil.Join(infoDir, s + ".md5sums"))).FirstOrDefault(f => f is not null);
        if (md5 is not null)
        {
            locations.Add(context.LocationOf(md5));
            using var reader = new StreamReader(context.Contents.Open(md5));
            foreach (var owned in DpkgFileListing.ParseMd5sums(reader, fsRoot, md5.Path, new WarningSink(context)))
            {
                byPath[owned.Path] = owned;
            }
        }

        var list = stems.Select(s => context.Contents.Find(PathUtil.Join(infoDir, s + ".list"))).FirstOrDefault(f => f is not null);
        if (list is not null)
        {
            locations.Add(context.LocationOf(list));
            using var reader = new StreamReader(context.Contents.Open(list));
            foreach (var path in DpkgFileListing.ParseList(reader))
            {
                // The list names every directory the package created too; only non-directories are "owned files".
                var full = fsRoot.Length == 0 ? path : PathUtil.Normalize(fsRoot + path);
                if (!byPath.ContainsKey(full) && context.Files.Find(full)?.Type != FileEntryType.Dir && !IsDirectoryViaLink(context, full))
                {
                    byPath[full] = new OwnedFile(full);
                }
            }
        }

        return byPath.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    // usrmerge: "/bin" is listed by packages but is a symlink to usr/bin on the image.
    private static bool IsDirectoryViaLink(CatalogContext context, string path) =>
        context.Files.Find(path) is { Type: FileEntryType.Symlink } && context.Files.Resolve(path) is { Type: FileEntryType.Dir };

    private static List<LicenseInfo> Licenses(CatalogContext context, DpkgEntry entry, string fsRoot, List<Location> locations)
    {
        var resolved = context.Files.Resolve($"{fsRoot}/usr/share/doc/{entry.Package}/copyright");
        var kept = resolved is null ? null : context.Contents.Find(resolved.Path);
        if (kept is null)
        {
            return [];
        }

        locations.Add(context.LocationOf(kept));
        using var reader = new StreamReader(context.Contents.Open(kept));
        return DpkgCopyrightParser.Parse(reader).Select(DebianLicenseNames.Normalize).ToList();
    }
}
