using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Licenses;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.TestSupport;

namespace Tollgate.Sbom.Tests;

/// <summary>
/// A realistic analysis for format tests: the 14 real Alpine 3.20.3 packages from the corpus TSV (name, version, arch,
/// origin), real licenses, plus npm packages with a dependency edge and a package owned by an OS package.
/// </summary>
public static class SampleAnalysis
{
    public static ImageAnalysis Alpine()
    {
        var rows = File.ReadAllLines(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.expected-packages.tsv")).Skip(1)
            .Select(l => l.Split('\t')).ToList();
        var packages = rows.Select(r => Pkg(PackageTypes.Apk, r[0], r[1], "/lib/apk/db/installed", 0,
            PackageUrl.Create("apk", "alpine", r[0], r[1], [new("arch", r[2]), new("distro", "alpine-3.20.3"), new("upstream", r[3])]),
            r[0] == "busybox" ? ["GPL-2.0-only"] : r[0] == "musl" ? ["MIT"] : ["MIT AND BSD-3-Clause", "Some Custom License"]) with
        { SourceName = r[3], Architecture = r[2] }).ToList();
        var lodash = Pkg(PackageTypes.Npm, "lodash", "4.17.20", "/app/node_modules/lodash/package.json", 1,
            PackageUrl.Create("npm", null, "lodash", "4.17.20"), ["MIT"]);
        var express = Pkg(PackageTypes.Npm, "@types/express", "4.17.1", "/app/node_modules/@types/express/package.json", 1,
            PackageUrl.Create("npm", "@types", "express", "4.17.1"), ["MIT"]);
        var owned = Pkg(PackageTypes.Python, "requests", "2.28.1", "/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA", 0,
            PackageUrl.Create("pypi", null, "requests", "2.28.1"), ["Apache-2.0"]) with
        { OwnedBy = packages[0].Id };
        packages.AddRange([lodash, express, owned]);
        return new ImageAnalysis
        {
            Image = new ImageMetadata
            {
                Source = "oci-dir:/tmp/alpine:3.20.3",
                SourceKind = "oci-dir",
                ManifestDigest = "sha256:" + new string('a', 64),
                Tags = ["alpine:3.20.3"],
                Architecture = "amd64",
            },
            Distro = new Distro { Id = "alpine", VersionId = "3.20.3", PrettyName = "Alpine Linux v3.20" },
            Packages = packages,
            Relationships =
            [
                new Relationship(express.Id, lodash.Id, RelationshipTypes.DependsOn),
                new Relationship(packages[0].Id, owned.Id, RelationshipTypes.Contains),
            ],
        };
    }

    private static Package Pkg(string type, string name, string version, string path, int layer, string purl, string[] licenses) => new()
    {
        Id = PackageIds.For(type, name, version, path),
        Name = name,
        Version = version,
        Type = type,
        FoundBy = type + "-cataloger",
        Purl = purl,
        Cpes = [$"cpe:2.3:a:{Cpe(name)}:{Cpe(name)}:{version}:*:*:*:*:*:*:*"],
        Licenses = licenses.Select(l => SpdxLicenses.Normalize(l, "metadata")).ToList(),
        Locations = [new Location(path, layer)],
    };

    private static string Cpe(string name) => name.Replace("@", "").Replace('/', '_');
}
