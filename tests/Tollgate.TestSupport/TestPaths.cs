namespace Tollgate.TestSupport;

/// <summary>Where tests find the repository, the shared corpora (../shared beside the clone) and built test images.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>../shared/corpora beside the repository (read-only; copy before modifying).</summary>
    public static string Corpora => Path.Combine(SharedRoot, "corpora");

    public static string SharedRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("TOLLGATE_SHARED");
            var dir = fromEnv ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(dir)
                ? dir
                : throw new DirectoryNotFoundException($"shared corpora not found at {dir} (set TOLLGATE_SHARED)");
        }
    }

    public static string Corpus(params string[] parts) => Path.Combine([Corpora, .. parts]);

    /// <summary>Test images built by scripts/build-test-images.sh (TOLLGATE_TESTDATA, default .cache/testdata).</summary>
    public static string TestData =>
        Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? Path.Combine(RepoRoot, ".cache", "testdata");

    /// <summary>A built test artifact; fails with the command to run when it is missing.</summary>
    public static string RequireTestData(params string[] parts)
    {
        var path = Path.Combine([TestData, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"test image {path} is missing: run scripts/build-test-images.sh {TestData}");
        }

        return path;
    }

    /// <summary>A fresh empty folder under the system temp dir, for one test.</summary>
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tollgate-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tollgate.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Tollgate.sln not found above " + AppContext.BaseDirectory);
    }
}
