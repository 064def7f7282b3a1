using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language;

/// <summary>The unpacked rootfs of the "lang" test image (scripts/build-test-images.sh; TOLLGATE_TESTDATA).</summary>
public static class LangImage
{
    public static string Rootfs(params string[] parts) => TestPaths.RequireTestData(["lang", "bundle", "rootfs", .. parts]);
}
