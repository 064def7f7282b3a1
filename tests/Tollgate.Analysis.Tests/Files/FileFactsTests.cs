using System.Diagnostics;
using Tollgate.Analysis.Files;
using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Files;

public class FileFactsTests
{
    [Fact]
    public void AlpineMinirootfs_EveryEntryHasAFact_ElfKindsFromHeaders()
    {
        // busybox is a PIE (ET_DYN) installed 0755 without ".so" in its name → executable; the musl loader is
        // ET_DYN named *.so.1 → shared-library; text files are not ELF.
        var analysis = Analyze.Layers(new TestLayer(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz")));
        var byPath = analysis.Files.ToDictionary(f => f.Path);

        Assert.Equal("executable", byPath["/bin/busybox"].ElfKind);
        Assert.Equal("shared-library", byPath["/lib/ld-musl-x86_64.so.1"].ElfKind);
        Assert.Null(byPath["/etc/os-release"].ElfKind);
        Assert.Equal("symlink", byPath["/bin/sh"].Type);
        Assert.Equal("/bin/busybox", byPath["/bin/sh"].LinkTarget);
        Assert.Equal(Convert.ToInt32("755", 8), byPath["/bin/busybox"].Mode);

        // apk lists /etc/passwd under alpine-baselayout-data; the minirootfs writes /etc/os-release itself (the
        // alpine-release package is not installed), so that file is owned by no package.
        Assert.Equal([analysis.Packages.Single(p => p.Name == "alpine-baselayout-data").Id], byPath["/etc/passwd"].OwnedBy);
        Assert.Empty(byPath["/etc/os-release"].OwnedBy);
        Assert.DoesNotContain(analysis.Files, f => f.Capabilities is not null);
    }

    [Fact]
    public void Capabilities_DecodedFromRealSetcapXattr()
    {
        // setcap writes vfs_cap_data revision 2: magic 0x02000001 (effective), permitted bit 10 (cap_net_bind_service).
        // These are the 20 bytes `setcap cap_net_bind_service=ep` stored on a real file (read back with tar --xattrs).
        byte[] setcap = [0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal("cap_net_bind_service=ep", FileCapabilities.Decode(setcap));

        // cap_net_admin (12) and cap_net_raw (13) permitted and inheritable, not effective: getcap prints "=ip".
        byte[] two = [0x00, 0x00, 0x00, 0x02, 0x00, 0x30, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal("cap_net_admin,cap_net_raw=ip", FileCapabilities.Decode(two));
        Assert.Null(FileCapabilities.Decode([1, 2, 3]));
    }

    [Fact]
    public void Capabilities_EndToEndThroughATarLayer()
    {
        // A real file given a capability with setcap, packed by GNU tar with --xattrs: the layer reader keeps the
        // SCHILY.xattr.security.capability PAX record, the file facts decode it as getcap prints it.
        var dir = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "root", "bin"));
            File.Copy("/bin/true", Path.Combine(dir, "root", "bin", "ping"));
            Run("setcap", "cap_net_bind_service=ep", Path.Combine(dir, "root", "bin", "ping"));
            Run("getcap", Path.Combine(dir, "root", "bin", "ping")); // the oracle, printed in the test log
            Run("tar", "--xattrs", "--xattrs-include=security.*", "-cf", Path.Combine(dir, "layer.tar"), "-C", Path.Combine(dir, "root"), ".");

            var analysis = Analyze.Layers(new TestLayer(Path.Combine(dir, "layer.tar")));

            var ping = analysis.Files.Single(f => f.Path == "/bin/ping");
            Assert.Equal("cap_net_bind_service=ep", ping.Capabilities);
            Assert.NotNull(ping.ElfKind);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void SetuidFileDeletedInLaterLayer_IsFlagged()
    {
        // Layer 0 ships a setuid binary, layer 1 deletes it with a whiteout: it is gone from the container but
        // still in the image, so it is reported with DeletedInLaterLayer; a setgid file left alone is reported normally.
        var dir = TestPaths.NewTempDir();
        try
        {
            var lower = Directory.CreateDirectory(Path.Combine(dir, "l0", "usr", "bin")).FullName;
            File.WriteAllText(Path.Combine(lower, "su"), "not really su");
            File.SetUnixFileMode(Path.Combine(lower, "su"), (UnixFileMode)Convert.ToInt32("4755", 8));
            File.WriteAllText(Path.Combine(lower, "wall"), "wall");
            File.SetUnixFileMode(Path.Combine(lower, "wall"), (UnixFileMode)Convert.ToInt32("2755", 8));
            var upper = Directory.CreateDirectory(Path.Combine(dir, "l1", "usr", "bin")).FullName;
            File.WriteAllText(Path.Combine(upper, ".wh.su"), "");

            var analysis = Analyze.Layers(new TestLayer(Path.Combine(dir, "l0")), new TestLayer(Path.Combine(dir, "l1")));

            var su = Assert.Single(analysis.Files, f => f.Path == "/usr/bin/su");
            Assert.True(su.DeletedInLaterLayer);
            Assert.Equal(0, su.Layer);
            var wall = Assert.Single(analysis.Files, f => f.Path == "/usr/bin/wall");
            Assert.False(wall.DeletedInLaterLayer);
            Assert.Equal(Convert.ToInt32("2755", 8), wall.Mode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
    }
}
