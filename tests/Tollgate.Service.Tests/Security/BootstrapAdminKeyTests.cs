using Tollgate.Service.Security;

namespace Tollgate.Service.Tests.Security;

public sealed class BootstrapAdminKeyTests
{
    [Fact]
    public void PbkdfRunsOncePerDistinctKeyNotPerRequest()
    {
        var admin = new BootstrapAdminKey("correct horse");
        for (var i = 0; i < 50; i++)
        {
            Assert.True(admin.Verify("correct horse"));
        }

        Assert.Equal(1, admin.SlowChecks);
        for (var i = 0; i < 20; i++)
        {
            Assert.False(admin.Verify("wrong"));
        }

        Assert.Equal(2, admin.SlowChecks);
        Assert.False(admin.Verify("correct horse "));
        Assert.True(admin.Verify("correct horse"));
        Assert.Equal(3, admin.SlowChecks);
    }

    [Fact]
    public void ParallelRequestsWithTheSameKeyShareOneCheck()
    {
        var admin = new BootstrapAdminKey("k");
        Parallel.For(0, 16, _ => Assert.True(admin.Verify("k")));
        Assert.Equal(1, admin.SlowChecks);
    }

    [Fact]
    public void EmptyKeyIsRefusedWithTheWayToGiveOne()
    {
        var error = Assert.Throws<ArgumentException>(() => new BootstrapAdminKey(""));
        Assert.Contains("TOLLGATE_ADMIN_KEY or --admin-key-file", error.Message);
    }
}
