using Tollgate.Analysis.Model;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests;

public class TriggerIdTests
{
    [Fact]
    public void SuidChageHasTheIdRealAnchoreAllowlistsUse()
    {
        // Mode 0o4755 on a regular file: Python's oct(st_mode) prints 0o104755.
        var image = AlpineImage.WithFiles(new FileFact { Path = "/usr/bin/chage", Type = "file", Mode = 0x9ED, Layer = 0 });
        var findings = Check.Fire("files", "suid_or_guid_set", AlpineImage.Input(image));

        var f = Assert.Single(findings);
        Assert.Equal("SUID or SGID found set on file /usr/bin/chage. Mode: 0o104755", f.Message);
        Assert.Equal("639f6f1177735759703e928c14714a59", f.TriggerId);
        Assert.Equal("files.suid_or_guid_set:/usr/bin/chage", f.StableId);
    }

    [Fact]
    public void StableIdDoesNotDependOnTheMode()
    {
        var a = Check.Fire("files", "suid_or_guid_set", AlpineImage.Input(AlpineImage.WithFiles(new FileFact { Path = "/usr/bin/su", Type = "file", Mode = 0x9ED })));
        var b = Check.Fire("files", "suid_or_guid_set", AlpineImage.Input(AlpineImage.WithFiles(new FileFact { Path = "/usr/bin/su", Type = "file", Mode = 0x9C9 })));
        Assert.NotEqual(a[0].TriggerId, b[0].TriggerId);
        Assert.Equal(a[0].StableId, b[0].StableId);
    }
}
