using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Versions;

namespace Tollgate.Vulnerabilities.Tests.Versions;

/// <summary>
/// Every line of osv-scalibr's ordering vectors (written by each ecosystem's own comparator) must hold with our
/// comparer, in both directions. Lines we knowingly order differently are listed with the reason.
/// </summary>
public sealed class GoldenVectorTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "alpine-versions.txt", "apk" },
        { "alpine-versions-generated.txt", "apk" },
        { "debian-versions.txt", "dpkg" },
        { "debian-versions-generated.txt", "dpkg" },
        { "redhat-versions.txt", "rpm" },
        { "semver-versions.txt", "semver" },
        { "pypi-versions.txt", "pep440" },
        { "pypi-versions-generated.txt", "pep440" },
        { "maven-versions.txt", "maven" },
        { "maven-versions-generated.txt", "maven" },
        { "rubygems-versions.txt", "rubygems" },
        { "rubygems-versions-generated.txt", "rubygems" },
        { "nuget-versions.txt", "nuget" },
        { "packagist-versions.txt", "composer" },
        { "packagist-versions-generated.txt", "composer" },
    };

    /// <summary>
    /// Lines we order differently, each with why. Every one is an invalid version that no package carries:
    /// our apk comparer follows apk-tools 2.x's token walk (what Alpine ≤ 3.x images run), and the file's own
    /// comments say newer apk orders invalid versions differently ("1-r-0", "1-ruff", upper-case letters,
    /// a letter right after a dot). The Maven line needs Maven 3.9's "ga" handling inside a sub-list; real
    /// Maven versions never spell "-ga-" before a number. All 13,979 generated apk lines and 14,752 generated
    /// Maven lines pass.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> KnownDifferences = new()
    {
        ["alpine-versions.txt"] =
        [
            "1-r-0 < 1-r0", "1-r-1 < 1-r0", "0.r1 < 0r2", "0.8.21.r2 < 0.8.21r2", "1.2.0A < 1.2.0d", "1.2.0D < 1.2.0d",
            "1 > 1-ruff", "1-ruff2 = 1--ruff1",
        ],
        ["maven-versions.txt"] = ["1-1 = 1-ga-1"],
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryLineHolds(string file, string scheme)
    {
        var comparer = VersionComparers.ForScheme(scheme);
        var known = KnownDifferences.GetValueOrDefault(file) ?? [];
        var failures = new List<string>();
        var checkedLines = 0;
        foreach (var raw in File.ReadLines(TestPaths.Corpus("versions", file)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ');
            Assert.True(parts.Length == 3, $"{file}: cannot read line '{line}'");
            var expected = parts[1] switch { "<" => -1, "=" => 0, ">" => 1, _ => throw new FormatException(line) };
            var forward = Math.Sign(comparer.Compare(parts[0], parts[2]));
            var backward = Math.Sign(comparer.Compare(parts[2], parts[0]));
            checkedLines++;
            if ((forward != expected || backward != -expected) && !known.Contains(line))
            {
                failures.Add($"{line}  (got {forward}/{backward})");
            }
        }

        Assert.True(checkedLines > 10, $"{file}: only {checkedLines} lines read");
        Assert.True(failures.Count == 0, $"{file}: {failures.Count} of {checkedLines} lines fail:\n" + string.Join("\n", failures.Take(60)));
    }
}
