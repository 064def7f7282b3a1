using System.Diagnostics;
using Tollgate.Analysis.Model;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.EndToEnd;

/// <summary>
/// The real loader over the testinfra Debian 12 image (scripts/build-test-images.sh; TOLLGATE_TESTDATA): three
/// layers, mmdebstrap minbase, whiteouts, User www-data. Oracles are the real tools run on the unpacked rootfs.
/// </summary>
public class DebianImageTests
{
    private static readonly Lazy<Task<ImageAnalysis>> Analysis = new(() =>
        ImageAnalyzer.AnalyzeAsync("oci-dir:" + TestPaths.RequireTestData("debian", "oci") + ":latest", new AnalyzeOptions { FileDigests = true }));

    private static string Rootfs => TestPaths.RequireTestData("debian", "bundle", "rootfs");

    [Fact]
    public async Task DpkgPackages_EqualDpkgQuery()
    {
        // dpkg-query lists every package dpkg knows; the status filter keeps it to installed ones (what we report).
        var expected = Run("dpkg-query", "--admindir=" + Rootfs + "/var/lib/dpkg", "-W", "-f", "${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\n")
            .Where(l => l.StartsWith("installed\t", StringComparison.Ordinal)).Select(l => l["installed\t".Length..]).ToHashSet();
        var analysis = await Analysis.Value;

        var actual = analysis.Packages.Where(p => p.Type == PackageTypes.Deb).Select(p => $"{p.Name}\t{p.Version}\t{p.Architecture}").ToHashSet();

        Assert.True(expected.Count > 80, $"oracle listed only {expected.Count} packages");
        Assert.Equal(expected.Order(), actual.Order());
        Assert.All(analysis.Packages.Where(p => p.Type == PackageTypes.Deb), p => Assert.Contains("distro=debian-12", p.Purl));
    }

    [Fact]
    public async Task SetuidSetgidFiles_EqualFindPerm6000()
    {
        // `find ROOT -perm /6000` lists every path with setuid or setgid (files and directories such as /var/mail).
        var expected = Run("find", Rootfs, "-perm", "/6000").Select(p => p[Rootfs.Length..]).ToHashSet();
        var analysis = await Analysis.Value;

        var actual = analysis.Files.Where(f => !f.DeletedInLaterLayer && (f.Mode & 0xC00) != 0).Select(f => f.Path).ToHashSet();

        Assert.Contains("/usr/bin/passwd", expected);
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public async Task FilesOwnershipElfAndDigests()
    {
        // /usr/bin/passwd is listed in passwd's .list (via /usr/bin, no usrmerge alias); on this usrmerge image dpkg
        // lists /bin/ls, which the squashed view has at /usr/bin/ls. File digests were asked for: the sha256 of
        // /etc/debian_version must equal sha256sum of the unpacked file.
        var analysis = await Analysis.Value;
        var files = analysis.Files.Where(f => !f.DeletedInLaterLayer).ToDictionary(f => f.Path);
        var byId = analysis.Packages.ToDictionary(p => p.Id);

        Assert.Equal(["passwd"], files["/usr/bin/passwd"].OwnedBy.Select(id => byId[id].Name));
        Assert.Equal(["coreutils"], files["/usr/bin/ls"].OwnedBy.Select(id => byId[id].Name));
        Assert.Equal("executable", files["/usr/bin/ls"].ElfKind);
        Assert.Equal("shared-library", files["/usr/lib/x86_64-linux-gnu/libc.so.6"].ElfKind);
        var sha = Run("sha256sum", Rootfs + "/etc/debian_version").Single().Split(' ')[0];
        Assert.Equal(sha, files["/etc/debian_version"].Sha256);
        Assert.Empty(files["/etc/tollgate-release"].OwnedBy); // added by the test layer, no package owns it
    }

    [Fact]
    public async Task DistroAccountsAndImageFacts()
    {
        // Config User is www-data (uid 33 in Debian's base-passwd); ports 8080/8443; three layers from umoci with history.
        var analysis = await Analysis.Value;

        Assert.Equal(("debian", "12", "bookworm"), (analysis.Distro?.Id, analysis.Distro?.VersionId, analysis.Distro?.VersionCodename));
        Assert.Equal(["root"], analysis.Accounts!.UidZeroUsers);
        Assert.Equal(("www-data", 33, false), (analysis.Facts!.User, analysis.Facts.EffectiveUid, analysis.Facts.RunsAsRoot));
        Assert.Equal(3, analysis.Facts.Layers.Count);
        Assert.All(analysis.Facts.Layers, l => Assert.False(string.IsNullOrEmpty(l.CreatedBy)));
        Assert.Equal("debian:12", analysis.Facts.BaseImage?.Name);
        var libc = analysis.Packages.Single(p => p.Name == "libc6");
        Assert.Equal("glibc", libc.SourceName);
        Assert.Contains(libc.Licenses, l => l.SpdxExpression == "LGPL-2.1-or-later" || l.SpdxExpression == "LGPL-2.1-only");
        Assert.DoesNotContain(analysis.Warnings, w => w.Contains("dpkg", StringComparison.Ordinal));
    }

    private static List<string> Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {process.StandardError.ReadToEnd()}");
        return lines;
    }
}
