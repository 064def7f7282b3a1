using System.Diagnostics;
using System.Text.Json;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Licenses;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Sbom;
using Tollgate.Sbom.Common;

namespace Tollgate.Bench;

/// <summary>
/// Writing the SBOM of a 1,000-package image in every format, against a baseline in the same run: serialising the same
/// 1,000 name/version/purl rows with a plain Utf8JsonWriter (the least any JSON SBOM must do).
/// </summary>
public sealed class SbomWriteBench : IBench
{
    public string Name => "sbom-write";

    public string Summary => "write a 1,000-package SBOM in every format (target <= 100 ms each)";

    public Task<int> RunAsync(string[] args)
    {
        var analysis = Build(1000);
        var settings = new SbomSettings { Created = DateTimeOffset.UnixEpoch };
        var baseline = Median(() =>
        {
            using var ms = new MemoryStream();
            using var w = new Utf8JsonWriter(ms);
            w.WriteStartArray();
            foreach (var p in analysis.Packages)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("version", p.Version);
                w.WriteString("purl", p.Purl);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        Console.WriteLine($"packages   {analysis.Packages.Count}");
        Console.WriteLine($"baseline   {baseline,8:F2} ms (name/version/purl rows with Utf8JsonWriter)");
        foreach (var format in SbomFormats.Names)
        {
            var ms = Median(() => SbomFormats.Write(format, analysis, Stream.Null, settings));
            Console.WriteLine($"{format,-16} {ms,8:F2} ms  ratio {ms / baseline,6:F1}x  target <= 100 ms: {(ms <= 100 ? "met" : "NOT met")}");
        }

        return Task.FromResult(0);
    }

    private static double Median(Action action)
    {
        action(); // warm-up (JIT)
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>A 1,000-package analysis shaped like a real Debian image: deb packages with files, licenses and edges.</summary>
    private static ImageAnalysis Build(int count)
    {
        var packages = Enumerable.Range(0, count).Select(i =>
        {
            var name = $"lib-package-{i}";
            var version = $"1.{i % 17}.{i % 5}-{i % 3}+deb12u1";
            return new Package
            {
                Id = PackageIds.For(PackageTypes.Deb, name, version, "/var/lib/dpkg/status"),
                Name = name,
                Version = version,
                Type = PackageTypes.Deb,
                FoundBy = "dpkg-db",
                Purl = PackageUrl.Create("deb", "debian", name, version, [new("arch", "amd64"), new("distro", "debian-12")]),
                Cpes = [Cpe.Application(name, name, version)],
                Licenses = [SpdxLicenses.Normalize(i % 2 == 0 ? "GPL-2+" : "MIT", "copyright")],
                Locations = [new Location("/var/lib/dpkg/status", 0), new Location($"/usr/share/doc/{name}/copyright", 0)],
                Architecture = "amd64",
            };
        }).ToList();
        var edges = packages.Skip(1).Select((p, i) => new Relationship(p.Id, packages[i].Id, RelationshipTypes.DependsOn)).ToList();
        return new ImageAnalysis
        {
            Image = new ImageMetadata { Source = "bench", SourceKind = "oci-dir", ManifestDigest = "sha256:" + new string('b', 64), Tags = ["bench/debian:12"] },
            Distro = new Distro { Id = "debian", VersionId = "12" },
            Packages = packages,
            Relationships = edges,
        };
    }
}
