using System.Text.RegularExpressions;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;
using DistroModel = Tollgate.Analysis.Model.Distro;

namespace Tollgate.Analysis.Distros;

/// <summary>
/// Finds the distribution: os-release first (/etc then /usr/lib, symlinks followed inside the image), then the
/// distro-specific release files, then distroless evidence (a dpkg status.d folder with no os-release at all).
/// Runs first: catalogers use the distro for purl qualifiers.
/// </summary>
public sealed partial class DistroStep : IAnalysisStep
{
    private const string RequestName = "distro";

    private static readonly string[] ReleaseFiles =
    [
        "/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release",
    ];

    public string Name => "distro";

    // Symlink targets may sit anywhere (/etc/os-release -> ../usr/lib/os-release is the common case); small release
    // files are cheap to keep, so the request also covers the usual target folders.
    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new()
        {
            Name = RequestName,
            PathMatches = ContentRequest.Globs([.. ReleaseFiles, "/usr/lib/os-release.d/*", "/etc/*-release", "/etc/*_version"]),
            MaxBytes = 64 * 1024,
        },
    ];

    public void Run(AnalysisBuilder analysis) => analysis.Distro = Detect(analysis.Image, analysis.Warnings);

    public static DistroModel? Detect(LoadedImage image, ICollection<string> warnings)
    {
        foreach (var path in ReleaseFiles[..2])
        {
            if (Read(image, path, warnings) is { } text)
            {
                var fields = OsReleaseParser.Parse(new StringReader(text));
                if (fields.TryGetValue("ID", out var id) && id.Length > 0)
                {
                    return new DistroModel
                    {
                        Id = id.ToLowerInvariant(),
                        VersionId = fields.GetValueOrDefault("VERSION_ID"),
                        VersionCodename = fields.GetValueOrDefault("VERSION_CODENAME"),
                        PrettyName = fields.GetValueOrDefault("PRETTY_NAME"),
                        IdLike = fields.GetValueOrDefault("ID_LIKE")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
                        Source = path,
                    };
                }

                warnings.Add($"{path}: os-release has no ID field");
            }
        }

        if (Read(image, "/etc/alpine-release", warnings) is { } alpine)
        {
            return new DistroModel { Id = "alpine", VersionId = FirstLine(alpine), Source = "/etc/alpine-release" };
        }

        if (Read(image, "/etc/redhat-release", warnings) is { } redhat)
        {
            return FromRedhatRelease(FirstLine(redhat));
        }

        if (Read(image, "/etc/debian_version", warnings) is { } debian)
        {
            // "12.7" → VERSION_ID "12" as os-release would say; testing/sid say "trixie/sid" and have no number.
            var version = FirstLine(debian);
            var major = MajorVersion().Match(version);
            return new DistroModel
            {
                Id = "debian",
                VersionId = major.Success ? major.Groups[1].Value : null,
                VersionCodename = major.Success ? null : version,
                Source = "/etc/debian_version",
            };
        }

        // Distroless images built without /etc/os-release still carry per-package dpkg files.
        if (image.Files.Find("/var/lib/dpkg/status.d") is { Type: FileEntryType.Dir })
        {
            return new DistroModel { Id = "debian", Source = "/var/lib/dpkg/status.d" };
        }

        return null;
    }

    private static DistroModel FromRedhatRelease(string line)
    {
        // "CentOS Linux release 7.9.2009 (Core)", "Red Hat Enterprise Linux release 8.10 (Ootpa)", "Fedora release 40 (Forty)"
        var lower = line.ToLowerInvariant();
        var id = lower.StartsWith("centos", StringComparison.Ordinal) ? "centos"
            : lower.StartsWith("fedora", StringComparison.Ordinal) ? "fedora"
            : lower.StartsWith("rocky", StringComparison.Ordinal) ? "rocky"
            : lower.StartsWith("almalinux", StringComparison.Ordinal) ? "almalinux"
            : "rhel";
        var version = ReleaseVersion().Match(line);
        return new DistroModel
        {
            Id = id,
            VersionId = version.Success ? version.Groups[1].Value : null,
            PrettyName = line,
            Source = "/etc/redhat-release",
        };
    }

    private static string? Read(LoadedImage image, string path, ICollection<string> warnings)
    {
        var text = KeptText.ReadResolved(image, path);
        if (text is null && image.Files.Resolve(path) is { Type: FileEntryType.File } entry)
        {
            warnings.Add($"{path}: resolves to {entry.Path}, whose content was not kept (too large or outside the requested paths)");
        }

        return text;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"^(\d+)(?:\.\d+)*$")]
    private static partial Regex MajorVersion();

    [GeneratedRegex(@"release\s+(\d+(?:\.\d+)*)", RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseVersion();
}
