using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>
/// The module info text of a Go binary: "path", "mod" (main module), "dep" lines with version and h1 sum, "=>"
/// replacing the dep above it, and "build" settings. Produces the main module, every dependency and "stdlib".
/// </summary>
public static class ModuleInfoParser
{
    public const string FoundBy = "go-module-binary";

    public static CatalogResult ToPackages(GoBuildInfo info, Location location)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var modules = new List<(string Path, string Version, string? Sum, string? ReplacedFrom, bool Main)>();
        string? mainPath = null;
        foreach (var line in info.ModuleInfo.Split('\n'))
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "path" when f.Length >= 2:
                    mainPath = f[1];
                    break;
                case "mod" when f.Length >= 3:
                    modules.Add((f[1], f[2], f.ElementAtOrDefault(3), null, true));
                    break;
                case "dep" when f.Length >= 3:
                    modules.Add((f[1], f[2], f.ElementAtOrDefault(3), null, false));
                    break;
                case "=>" when f.Length >= 3 && modules.Count > 0:
                    var replaced = modules[^1];
                    modules[^1] = (f[1], f[2], f.ElementAtOrDefault(3), replaced.Path + "@" + replaced.Version, replaced.Main);
                    break;
                case "build" when f.Length >= 2 && f[1].IndexOf('=') is var eq and > 0:
                    settings[f[1][..eq]] = f[1][(eq + 1)..];
                    break;
            }
        }

        var common = new Dictionary<string, string> { ["goVersion"] = info.GoVersion };
        var packages = new List<Package>();
        Package? main = null;
        foreach (var m in modules)
        {
            var metadata = new Dictionary<string, string>(common)
            {
                ["h1Digest"] = m.Sum ?? "",
                ["replacedFrom"] = m.ReplacedFrom ?? "",
                ["mainModule"] = m.Main ? "true" : "",
                ["mainPackage"] = m.Main ? mainPath ?? "" : "",
            };
            if (m.Main)
            {
                foreach (var (k, v) in settings)
                {
                    metadata["build." + k] = v;
                }
            }

            var version = m.Main && m.Version == "(devel)" ? PseudoVersion(settings) ?? m.Version : m.Version;
            var package = GoIdentity.Create(m.Path, version, FoundBy, location, metadata);
            packages.Add(package);
            main = m.Main ? package : main;
        }

        var stdlib = GoIdentity.Create(GoIdentity.StdlibName, info.GoVersion, FoundBy, location, common);
        packages.Add(stdlib);
        var edges = main is null ? [] : packages.Where(p => p != main).Select(p => new Relationship(main.Id, p.Id, RelationshipTypes.DependsOn)).ToList();
        return new CatalogResult { Packages = packages, Relationships = edges };
    }

    /// <summary>
    /// A main module built from a checkout says "(devel)"; its VCS stamp gives the Go pseudo-version
    /// (v0.0.0-yyyymmddhhmmss-abcdefabcdef) that names the same commit the way go.mod would.
    /// </summary>
    private static string? PseudoVersion(Dictionary<string, string> settings)
    {
        if (!settings.TryGetValue("vcs.revision", out var revision) || revision.Length < 12
            || !settings.TryGetValue("vcs.time", out var time)
            || !DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when))
        {
            return null;
        }

        return $"v0.0.0-{when.UtcDateTime:yyyyMMddHHmmss}-{revision[..12]}";
    }
}
