using System.Globalization;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Licenses;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Os.Apk;

/// <summary>Alpine (and Wolfi) packages from apk's installed database, with their files and checksums.</summary>
public sealed class ApkCataloger : ICataloger
{
    private const string DbRequest = "apk-db";

    public string Name => "apk-db";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new() { Name = DbRequest, PathMatches = ContentRequest.Globs("**/lib/apk/db/installed"), MaxBytes = 128 * 1024 * 1024 },
    ];

    public CatalogResult Catalog(CatalogContext context)
    {
        var declared = new List<DeclaredDependencies>();
        foreach (var file in context.Contents.For(DbRequest).Where(f => !f.Shadowed))
        {
            IReadOnlyList<ApkEntry> entries;
            using (var reader = new StreamReader(context.Contents.Open(file)))
            {
                entries = ApkDatabaseParser.Parse(reader, file.Path, new WarningSink(context));
            }

            declared.AddRange(entries.Select(e => new DeclaredDependencies(
                ToPackage(context, e, file),
                e.Provides.Select(NameOf).ToList(),
                e.Depends.Where(d => !d.StartsWith('!')).Select(d => (IReadOnlyList<string>)[NameOf(d)]).ToList())));
        }

        return new CatalogResult
        {
            Packages = declared.Select(d => d.Package).ToList(),
            Relationships = OsDependencyLinker.Link(declared),
        };
    }

    // "so:libc.musl-x86_64.so.1=1", "busybox>=1.36", "pc:zlib~1.3" → the name before the version operator.
    private static string NameOf(string token)
    {
        var end = token.IndexOfAny(['=', '<', '>', '~']);
        return end < 0 ? token : token[..end];
    }

    private static Package ToPackage(CatalogContext context, ApkEntry entry, CollectedFile db)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                metadata[key] = text;
            }
        }

        Put("description", entry.Description);
        Put("url", entry.Url);
        Put("maintainer", entry.Maintainer);
        Put("size", entry.Size);
        Put("buildTime", entry.BuildTime is { } t ? DateTimeOffset.FromUnixTimeSeconds(t).ToString("O", CultureInfo.InvariantCulture) : null);
        Put("commit", entry.Commit);
        Put("providerPriority", entry.ProviderPriority);
        Put("depends", string.Join(' ', entry.Depends));
        Put("provides", string.Join(' ', entry.Provides));
        Put("installIf", string.Join(' ', entry.InstallIf));
        Put("replaces", string.Join(' ', entry.Replaces));

        var pull = ApkDatabaseParser.DecodeChecksum(entry.PullChecksum);
        return new Package
        {
            Id = PackageIds.For(PackageTypes.Apk, entry.Name, entry.Version, db.Path),
            Name = entry.Name,
            Version = entry.Version,
            Type = PackageTypes.Apk,
            FoundBy = "apk-db",
            Purl = ApkPackageIdentity.Purl(entry, context.Distro),
            Cpes = ApkPackageIdentity.Cpes(entry),
            Licenses = string.IsNullOrWhiteSpace(entry.License) ? [] : [SpdxLicenses.Normalize(entry.License, "metadata")],
            Locations = [context.LocationOf(db)],
            Architecture = entry.Architecture,
            SourceName = entry.Origin,
            Supplier = entry.Maintainer,
            InstalledSize = entry.InstalledSize,
            Digests = pull is null ? [] : [pull],
            Metadata = metadata,
            Files = entry.Files,
        };
    }
}
