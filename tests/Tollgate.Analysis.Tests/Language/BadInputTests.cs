using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language;

/// <summary>Hostile or broken files in a dir: image, through the real loader and pipeline: warnings, bounded work, no crash.</summary>
public class BadInputTests
{
    [Fact]
    public async Task Oversized_invalid_and_binary_json_files_cost_warnings_only()
    {
        var root = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(root, "app", "node_modules", "huge"));
        Directory.CreateDirectory(Path.Combine(root, "app", "node_modules", "latin1"));
        Directory.CreateDirectory(Path.Combine(root, "app", "node_modules", "ok"));
        Directory.CreateDirectory(Path.Combine(root, "srv"));

        // 200 MB package.json (sparse): over the request's bound, so never read.
        using (var huge = File.Create(Path.Combine(root, "app", "node_modules", "huge", "package.json")))
        {
            huge.SetLength(200L << 20);
        }

        // Invalid UTF-8 inside a JSON string.
        File.WriteAllBytes(Path.Combine(root, "app", "node_modules", "latin1", "package.json"),
            [.. "{\"name\": \"caf"u8, 0xE9, 0xFF, .. "\", \"version\": \"1.0.0\"}"u8]);

        // A real ELF binary named like JSON files several catalogers read.
        var elf = LangImage.Rootfs("usr", "bin", "env");
        File.Copy(elf, Path.Combine(root, "app", "package-lock.json"));
        File.Copy(elf, Path.Combine(root, "srv", "app.deps.json"));
        File.Copy(elf, Path.Combine(root, "srv", "composer.lock"));
        File.WriteAllText(Path.Combine(root, "app", "node_modules", "ok", "package.json"), """{"name": "ok", "version": "1.0.0"}""");

        // The same binary under every other text name a language cataloger reads: each a warning, none parsed.
        string[] binaryNamed =
        [
            "/app/node_modules/elf/package.json", "/srv/yarn.lock", "/srv/pnpm-lock.yaml", "/srv/Gemfile.lock", "/srv/poetry.lock",
            "/srv/Pipfile.lock", "/srv/Cargo.lock", "/srv/go.mod", "/srv/vendor/composer/installed.json",
            "/usr/lib/python3/dist-packages/elf-1.0.dist-info/METADATA",
        ];
        foreach (var path in binaryNamed)
        {
            var target = Path.Combine(root, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(elf, target);
        }

        // Invalid UTF-8 in line-based formats: a warning naming file and offset; the package is still read.
        var latin = Path.Combine(root, "usr", "lib", "python3", "dist-packages", "latin-1.0.dist-info");
        Directory.CreateDirectory(latin);
        File.WriteAllBytes(Path.Combine(latin, "METADATA"), [.. "Metadata-Version: 2.1\nName: latin\nVersion: 1.0\nAuthor: Jos"u8, 0xE9, .. "\n"u8]);
        Directory.CreateDirectory(Path.Combine(root, "srv", "app"));
        File.WriteAllBytes(Path.Combine(root, "srv", "app", "Gemfile.lock"),
            [.. "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.4)\n    caf"u8, 0xC3, 0x28, .. " (1.0)\n\nDEPENDENCIES\n  rack\n"u8]);

        var started = DateTime.UtcNow;
        var analysis = await ImageAnalyzer.AnalyzeAsync("dir:" + root, new AnalyzeOptions());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(1), "bad input must not cost unbounded work");

        Assert.Single(analysis.Packages, p => p.Name == "ok" && p.Version == "1.0.0");
        Assert.Contains(analysis.Warnings, w => w.Contains("/app/node_modules/huge/package.json", StringComparison.Ordinal) && w.Contains("bound", StringComparison.Ordinal));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/app/node_modules/latin1/package.json:", StringComparison.Ordinal));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/app/package-lock.json:", StringComparison.Ordinal));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/srv/app.deps.json:", StringComparison.Ordinal));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/srv/composer.lock:", StringComparison.Ordinal));
        foreach (var path in binaryNamed)
        {
            Assert.Contains(analysis.Warnings, w => w.StartsWith(path + ":", StringComparison.Ordinal) && w.Contains("binary data", StringComparison.Ordinal));
        }

        Assert.Single(analysis.Packages, p => p.Name == "latin" && p.Version == "1.0");
        Assert.Contains(analysis.Warnings, w => w.StartsWith(latin[root.Length..] + "/METADATA:", StringComparison.Ordinal) && w.Contains("not valid UTF-8 (near byte 58)", StringComparison.Ordinal));
        Assert.Single(analysis.Packages, p => p.Name == "rack" && p.Version == "2.2.4");
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/srv/app/Gemfile.lock:", StringComparison.Ordinal) && w.Contains("not valid UTF-8", StringComparison.Ordinal));
    }
}
