using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Images.Tests.Registry;

public class LocalRegistrySmokeTests
{
    [Theory]
    [InlineData(RegistryAuthMode.Anonymous)]
    [InlineData(RegistryAuthMode.Basic)]
    [InlineData(RegistryAuthMode.Token)]
    public async Task Skopeo_can_push_an_empty_umoci_image(RegistryAuthMode mode)
    {
        var dir = TestPaths.NewTempDir();
        var layout = Path.Combine(dir, "layout");
        await ProcessRunner.RunAsync("umoci", ["init", "--layout", layout]);
        await ProcessRunner.RunAsync("umoci", ["new", "--image", layout + ":t"]);
        await using var reg = await LocalRegistry.StartAsync(mode);
        await reg.PushOciLayoutAsync(layout, "empty:t", "t");
        Assert.Equal(mode == RegistryAuthMode.Token, reg.TokensIssued > 0);
        Directory.Delete(dir, true);
    }
}
