using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Licenses;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// Installed rpm packages from the rpm database in any of its three formats (Berkeley DB <c>Packages</c>, SQLite
/// <c>rpmdb.sqlite</c>, NDB <c>Packages.db</c>), read by our own code: the format is told by the file's magic.
/// </summary>
public sealed class RpmCataloger : ICataloger
{
    private const string RequestName = "rpm-db";
    private const string WalRequestName = "rpm-db-wal";
    private const string GpgPubkey = "gpg-pubkey";

    private static readonly string[] DatabaseGlobs =
    [
        "**/var/lib/rpm/Packages", "**/var/lib/rpm/Packages.db", "**/var/lib/rpm/rpmdb.sqlite",
        "**/usr/lib/sysimage/rpm/Packages", "**/usr/lib/sysimage/rpm/Packages.db", "**/usr/lib/sysimage/rpm/rpmdb.sqlite",
    ];

    public string Name => "rpm-db";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        // Databases of big images run to hundreds of MB; the store spills them to temp files, readers seek in them.
        new() { Name = RequestName, PathMatches = ContentRequest.Globs(DatabaseGlobs), MaxBytes = 1L << 30 },
        new()
        {
            Name = WalRequestName,
            PathMatches = ContentRequest.Globs([.. DatabaseGlobs.Where(g => g.EndsWith(".sqlite")).Select(g => g + "-wal")]),
            MaxBytes = 1L << 30,
        },
    ];

    public CatalogResult Catalog(CatalogContext context)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        foreach (var file in LiveDatabases(context))
        {
            var records = Read(context, file);
            var location = context.LocationOf(file);
            var found = records
                .Where(r => r.Name != GpgPubkey) // imported signing keys, not software
                .Select(r => (Package: ToPackage(r, location, context.Distro), Record: r))
                .ToList();
            packages.AddRange(found.Select(f => f.Package));
            relationships.AddRange(OsDependencyLinker.Link([.. found.Select(f => Declared(f.Package, f.Record))]));
        }

        return new CatalogResult { Packages = packages, Relationships = relationships };
    }

    /// <summary>
    /// One database per folder: after an rpm upgrade the old Packages can stay beside the rpmdb.sqlite that rpm
    /// now uses, and reading both would list every package twice. The newest format wins, as rpm's own default does.
    /// </summary>
    private static IEnumerable<CollectedFile> LiveDatabases(CatalogContext context)
    {
        string[] newestFirst = ["rpmdb.sqlite", "Packages.db", "Packages"];
        var byFolder = context.Contents.For(RequestName)
            .Where(f => !f.Shadowed)
            .GroupBy(f => Path.GetDirectoryName(f.Path), StringComparer.Ordinal);
        foreach (var folder in byFolder)
        {
            var ordered = folder.OrderBy(f => Array.IndexOf(newestFirst, Path.GetFileName(f.Path))).ToList();
            foreach (var stale in ordered.Skip(1))
            {
                context.Warn($"{stale.Path}: not read, {ordered[0].Path} is the database rpm uses in that folder");
            }

            yield return ordered[0];
        }
    }

    private static List<RpmPackageRecord> Read(CatalogContext context, CollectedFile file)
    {
        using var db = SeekableStream.EnsureSeekable(context.Contents.Open(file));
        var wal = context.Contents.Find(file.Path + "-wal");
        return RpmDatabase.ReadPackages(
            db, file.Path, context.Warn, wal is { Size: > 0 } ? () => context.Contents.Open(wal) : null);
    }

    private static Package ToPackage(RpmPackageRecord r, Location location, Distro? distro)
    {
        var version = RpmPackageIdentity.VersionRelease(r);
        var (sourceName, sourceVersion) = RpmPackageIdentity.SourcePackage(r.SourceRpm);
        var metadata = new Dictionary<string, string>();
        AddIf(metadata, "sourceRpm", r.SourceRpm);
        AddIf(metadata, "vendor", r.Vendor);
        AddIf(metadata, "modularityLabel", r.ModularityLabel);
        return new Package
        {
            // The arch joins the location so multilib twins (glibc.i686 and glibc.x86_64 at one version) get distinct ids.
            Id = PackageIds.For(PackageTypes.Rpm, r.Name, version, $"{location.Path}?arch={r.Arch}"),
            Name = r.Name,
            Version = version,
            Type = PackageTypes.Rpm,
            FoundBy = "rpm-db",
            Purl = RpmPackageIdentity.Purl(r, distro),
            Cpes = RpmPackageIdentity.Cpes(r),
            Licenses = string.IsNullOrWhiteSpace(r.License) ? [] : [SpdxLicenses.Normalize(r.License, "metadata")],
            Locations = [location],
            Architecture = r.Arch,
            SourceName = sourceName,
            SourceVersion = sourceVersion,
            Epoch = r.Epoch,
            Release = r.Release,
            Supplier = r.Vendor,
            InstalledSize = r.Size,
            Metadata = metadata,
            Files = r.Files,
        };
    }

    /// <summary>
    /// A requirement is met by a PROVIDES name or, for file requirements ("/bin/sh"), by the package that owns the
    /// file; rpm's own capabilities ("rpmlib(…)") name no package.
    /// </summary>
    private static DeclaredDependencies Declared(Package package, RpmPackageRecord r) => new(
        package,
        [.. r.Provides, .. r.Files.Select(f => f.Path)],
        [.. r.Requires.Where(q => !q.StartsWith("rpmlib(", StringComparison.Ordinal)).Select(q => (IReadOnlyList<string>)[q])]);

    private static void AddIf(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }
}
