using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Tests.Support;

/// <summary>
/// A real image for policy tests: Alpine's 3.20.3 minirootfs (shared corpus) read from its tarball — every file
/// with its mode and owner, the apk database, /etc/passwd and os-release — shaped as the analysis would give it.
/// Variants add what a test needs (a USER, a port, a setuid file) the way a Dockerfile would.
/// </summary>
public static class AlpineImage
{
    private static readonly Lazy<(ImageAnalysis Analysis, Dictionary<string, string> Retrieved)> Loaded = new(Load);

    public static ImageAnalysis Analysis => Loaded.Value.Analysis;

    public static PolicyInput Input(ImageAnalysis? analysis = null, ScanResult? scan = null, string tag = "docker.io/library/alpine:3.20.3") => new()
    {
        Analysis = analysis ?? Analysis,
        Vulnerabilities = scan,
        Tag = tag,
        RetrievedFiles = Loaded.Value.Retrieved,
    };

    /// <summary>A real advisory for a package of this image: OpenSSL CVE-2024-9143 against libcrypto3 3.3.2-r0 (fixed in 3.3.2-r1).</summary>
    public static VulnerabilityMatch OpensslMatch(string severity = Severities.Medium, string fixState = FixStates.Fixed) => new()
    {
        Id = "CVE-2024-9143",
        PackageId = "apk:libcrypto3@3.3.2-r0",
        PackageName = "libcrypto3",
        PackageVersion = "3.3.2-r0",
        PackageType = PackageTypes.Apk,
        Severity = severity,
        CvssScore = 4.3,
        FixState = fixState,
        FixedIn = fixState == FixStates.Fixed ? ["3.3.2-r1"] : [],
        Namespace = "alpine:3.20",
        MatchedBy = "source-package",
        Urls = ["https://www.cve.org/CVERecord?id=CVE-2024-9143"],
        Published = new DateTimeOffset(2024, 10, 16, 17, 15, 0, TimeSpan.Zero),
        Locations = [new Location("/lib/apk/db/installed", 0)],
    };

    public static ScanResult Scan(params VulnerabilityMatch[] matches) => new()
    {
        Matches = matches,
        Database = new VulnDbInfo
        {
            Path = "vulns.db",
            BuiltAt = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
            Sources = [new FeedSourceInfo("alpine-secdb", new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), 12000)],
        },
    };

    /// <summary>The image with extra files (as a later layer would add them).</summary>
    public static ImageAnalysis WithFiles(params FileFact[] files) => Analysis with { Files = [.. Analysis.Files, .. files] };

    public static ImageAnalysis WithConfig(Func<ImageConfig, ImageConfig> change) =>
        Analysis with { Image = Analysis.Image with { Config = change(Analysis.Image.Config) } };

    private static (ImageAnalysis, Dictionary<string, string>) Load()
    {
        var tarball = TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz");
        var files = new List<FileFact>();
        var retrieved = new Dictionary<string, string>(StringComparer.Ordinal);
        string? apkDb = null;
        string? osRelease = null;
        using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            while (tar.GetNextEntry() is { } e)
            {
                var path = "/" + e.Name.TrimStart('.', '/').TrimEnd('/');
                if (path == "/")
                {
                    continue;
                }

                byte[]? content = null;
                if (e.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    content = copy.ToArray();
                }

                files.Add(new FileFact
                {
                    Path = path,
                    Type = e.EntryType switch
                    {
                        TarEntryType.Directory => "dir",
                        TarEntryType.SymbolicLink => "symlink",
                        TarEntryType.HardLink => "hardlink",
                        _ => "file",
                    },
                    Mode = (int)e.Mode,
                    Uid = e.Uid,
                    Gid = e.Gid,
                    Size = e.Length,
                    Layer = 0,
                    LinkTarget = string.IsNullOrEmpty(e.LinkName) ? null : e.LinkName,
                    Sha256 = content is null ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                });
                if (content is not null)
                {
                    var text = Encoding.UTF8.GetString(content);
                    switch (path)
                    {
                        case "/etc/passwd":
                            retrieved[path] = text;
                            break;
                        case "/lib/apk/db/installed":
                            apkDb = text;
                            break;
                        case "/etc/os-release" or "/usr/lib/os-release":
                            osRelease = text;
                            break;
                    }
                }
            }
        }

        var analysis = new ImageAnalysis
        {
            Image = new ImageMetadata
            {
                Source = "oci-dir:alpine:3.20.3",
                SourceKind = "oci-dir",
                ManifestDigest = "sha256:1b1e81a9d5e8d6a0b0f4d1c5c2e4c3a1f1b9f0e3d0c2b4a6e8f0a2c4e6b8d0f2",
                ConfigDigest = "sha256:91ef0af61f39ece4d6710e465df5ed6ca12112358344fd51ae6a3b886634148b",
                ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
                Tags = ["3.20.3"],
                Architecture = "amd64",
                Config = new ImageConfig { Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd = ["/bin/sh"] },
                History =
                [
                    new HistoryEntry { CreatedBy = "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /", LayerIndex = 0 },
                    new HistoryEntry { CreatedBy = "CMD [\"/bin/sh\"]", EmptyLayer = true },
                ],
                Layers = [new LayerDescriptor { Index = 0, DiffId = "sha256:63ca1fbb43ae5034640e5e6cb3e083e05c290072c5366fcaa9d62435a4cced85", Size = new FileInfo(tarball).Length }],
            },
            Distro = ParseOsRelease(osRelease ?? throw new InvalidDataException("no os-release in the minirootfs")),
            Packages = ParseApk(apkDb ?? throw new InvalidDataException("no apk database in the minirootfs")),
            Files = files,
            Facts = new ImageFacts { User = null, RunsAsRoot = true },
        };
        return (analysis, retrieved);
    }

    private static Distro ParseOsRelease(string text)
    {
        var values = text.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim('"'));
        return new Distro { Id = values["ID"], VersionId = values.GetValueOrDefault("VERSION_ID"), PrettyName = values.GetValueOrDefault("PRETTY_NAME"), Source = "/etc/os-release" };
    }

    private static List<Package> ParseApk(string db)
    {
        var packages = new List<Package>();
        foreach (var block in db.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = block.Split('\n').Where(l => l.Length > 2 && l[1] == ':').GroupBy(l => l[0]).ToDictionary(g => g.Key, g => g.First()[2..]);
            if (!fields.TryGetValue('P', out var name))
            {
                continue;
            }

            var version = fields['V'];
            packages.Add(new Package
            {
                Id = $"apk:{name}@{version}",
                Name = name,
                Version = version,
                Type = PackageTypes.Apk,
                FoundBy = "apk-db",
                Licenses = fields.TryGetValue('L', out var l) ? [new LicenseInfo { Value = l }] : [],
                SourceName = fields.GetValueOrDefault('o'),
                Locations = [new Location("/lib/apk/db/installed", 0)],
            });
        }

        return packages;
    }
}

/// <summary>A clock the test sets.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
