using System.Text.Json;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Php;

/// <summary>
/// Composer's composer.lock ("packages" and "packages-dev") and vendor/composer/installed.json in both layouts
/// (v1: a bare array; v2: {"packages": [...], "dev-package-names": [...]}). "require" entries that name other listed
/// packages become edges (platform requirements such as "php" and "ext-*" are not packages).
/// </summary>
public static class ComposerParser
{
    public const string LockFoundBy = "php-composer-lock";
    public const string InstalledFoundBy = "php-composer-installed";

    public static CatalogResult ParseLock(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var root = doc.RootElement;
        var entries = Entries(root.Arr("packages"), dev: false).Concat(Entries(root.Arr("packages-dev"), dev: true));
        return Build(entries, LockFoundBy, input.Location);
    }

    public static CatalogResult ParseInstalled(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            return Build(Entries(root, dev: false), InstalledFoundBy, input.Location);
        }

        var devNames = root.Arr("dev-package-names")?.EnumerateArray().Select(e => e.GetString()).ToHashSet() ?? [];
        var entries = Entries(root.Arr("packages"), dev: false).Select(e => e with { Dev = devNames.Contains(e.Element.Str("name")) });
        return Build(entries, InstalledFoundBy, input.Location);
    }

    private sealed record Entry(JsonElement Element, bool Dev);

    private static IEnumerable<Entry> Entries(JsonElement? array, bool dev) =>
        array is { } a ? a.EnumerateArray().Select(e => new Entry(e, dev)) : [];

    private static CatalogResult Build(IEnumerable<Entry> entries, string foundBy, Location location)
    {
        var list = new List<(Package Package, JsonElement Element)>();
        foreach (var (e, dev) in entries)
        {
            if (e.Str("name") is not { Length: > 0 } name || e.Str("version") is not { Length: > 0 } version)
            {
                continue;
            }

            var slash = name.IndexOf('/');
            var purl = PackageUrl.Create(PackageTypes.Composer, slash > 0 ? name[..slash] : null, slash > 0 ? name[(slash + 1)..] : name, version);
            var licenses = e.Arr("license")?.EnumerateArray().Select(l => l.GetString()) ?? [e.Str("license")];
            var package = LanguagePackages.Create(
                PackageTypes.Composer, name, version, foundBy, location, purl,
                [Cpe.Application(slash > 0 ? name[..slash] : name, slash > 0 ? name[(slash + 1)..] : name, version.TrimStart('v'))],
                LanguagePackages.Licenses(licenses, "composer"),
                new Dictionary<string, string>
                {
                    ["dev"] = dev ? "true" : "false",
                    ["type"] = e.Str("type") ?? "",
                    ["sourceReference"] = e.Obj("source")?.Str("reference") ?? "",
                    ["distShasum"] = e.Obj("dist")?.Str("shasum") ?? "",
                });
            list.Add((package, e));
        }

        var byName = list.GroupBy(p => p.Package.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Package, StringComparer.OrdinalIgnoreCase);
        var edges = list.SelectMany(p => p.Element.Props("require").Select(r => byName.GetValueOrDefault(r.Name)).Where(to => to is not null)
            .Select(to => new Relationship(p.Package.Id, to!.Id, RelationshipTypes.DependsOn))).ToList();
        return new CatalogResult { Packages = list.Select(p => p.Package).ToList(), Relationships = edges };
    }
}
