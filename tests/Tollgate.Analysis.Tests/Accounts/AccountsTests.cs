using Tollgate.Analysis.Accounts;
using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Accounts;

public class AccountsTests
{
    [Fact]
    public void AlpineMinirootfs_RootIsTheOnlyUidZero_LockedPasswords()
    {
        // Alpine 3.20's /etc/shadow has "root:*:" (locked) and "bin:!:"; root's shell is /bin/sh, daemons use
        // /sbin/nologin. No uid or gid is duplicated in the stock files.
        var analysis = Analyze.Layers(new TestLayer(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz")));
        var accounts = analysis.Accounts!;

        Assert.Equal(["root"], accounts.UidZeroUsers);
        Assert.Empty(accounts.EmptyPasswordUsers);
        var root = accounts.Users.Single(u => u.Name == "root");
        Assert.Equal(("locked", true), (root.PasswordState, root.HasLoginShell));
        var bin = accounts.Users.Single(u => u.Name == "bin");
        Assert.Equal(("locked", false), (bin.PasswordState, bin.HasLoginShell));
        Assert.Empty(accounts.DuplicateUids);
        Assert.Contains(accounts.Groups, g => g.Name == "wheel" && g.Members.Contains("root"));
    }

    [Fact]
    public void HostileFiles_FlagEmptyPasswordsSecondRootAndDuplicates_WarnOnMalformedLines()
    {
        // toor is a second uid-0 account, guest has an empty shadow hash, 1000 is used twice, and one line lacks fields.
        var dir = TestPaths.NewTempDir();
        try
        {
            var etc = Directory.CreateDirectory(Path.Combine(dir, "etc")).FullName;
            File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nguest:x:1000:1000::/home/guest:/bin/bash\napp:x:1000:1000::/app:/usr/sbin/nologin\nbroken:x:abc\nold:$1$salt$hash:1001:1001::/:/bin/sh\n");
            File.WriteAllText(Path.Combine(etc, "shadow"), "root:$6$abc$def:19000:0:99999:7:::\ntoor:!:19000::::::\nguest::19000::::::\n");
            File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nstaff:x:50:guest,app\nstaff2:x:50:\n");

            var analysis = Analyze.Layers(new TestLayer(dir));
            var accounts = analysis.Accounts!;

            Assert.Equal(["root", "toor"], accounts.UidZeroUsers);
            Assert.Equal(["guest"], accounts.EmptyPasswordUsers);
            Assert.Equal([0, 1000], accounts.DuplicateUids);
            Assert.Equal([50], accounts.DuplicateGids);
            Assert.Equal("hash", accounts.Users.Single(u => u.Name == "old").PasswordState); // hash kept in passwd itself
            Assert.Equal("locked", accounts.Users.Single(u => u.Name == "toor").PasswordState);
            Assert.Equal(["guest", "app"], accounts.Groups.Single(g => g.Name == "staff").Members);
            Assert.Contains(analysis.Warnings, w => w.StartsWith("/etc/passwd: line 5 is malformed", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PasswordState_FollowsShadowWhenPasswdSaysX()
    {
        Assert.Equal("none", AccountsStep.PasswordState("x", null));
        Assert.Equal("empty", AccountsStep.PasswordState("", null));
        Assert.Equal("locked", AccountsStep.PasswordState("x", "!$6$abc"));
        Assert.Equal("hash", AccountsStep.PasswordState("x", "$y$j9T$abc"));
    }
}
