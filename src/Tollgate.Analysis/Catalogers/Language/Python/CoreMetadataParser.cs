using System.Text;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>
/// Installed distributions: *.dist-info/METADATA, *.egg-info/PKG-INFO and single-file *.egg-info, all in the
/// core-metadata (email header) format. The RECORD beside it lists the files the distribution installed.
/// </summary>
public static class CoreMetadataParser
{
    public const string FoundBy = "python-installed";

    public static CatalogResult Parse(ParseInput input)
    {
        var headers = ReadHeaders(new StreamReader(input.Content, new UTF8Encoding(false, throwOnInvalidBytes: false)));
        var name = First(headers, "Name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return CatalogResult.Empty;
        }

        var version = First(headers, "Version") ?? "";
        var package = PythonIdentity.Create(name, version, FoundBy, input.Location, Licenses(headers), new Dictionary<string, string>
        {
            ["author"] = First(headers, "Author") ?? "",
            ["authorEmail"] = First(headers, "Author-email") ?? "",
            ["homepage"] = First(headers, "Home-page") ?? "",
            ["requiresPython"] = First(headers, "Requires-Python") ?? "",
            ["sitePackages"] = SitePackages(input.Location.Path),
        });
        var record = RecordParser.Beside(input);
        if (record is not null)
        {
            package = package with { Files = record.Files, Locations = [.. package.Locations, record.Location] };
        }

        // Requires-Dist without an "extra ==" marker: hard dependencies, resolved against the same site-packages later.
        var edges = headers.Where(h => h.Key == "Requires-Dist" && !h.Value.Contains("extra ==", StringComparison.Ordinal))
            .Select(h => RequirementName(h.Value))
            .Where(n => n.Length > 0)
            .Select(n => new Relationship(package.Id, Unresolved(SitePackages(input.Location.Path), n), RelationshipTypes.DependsOn))
            .ToList();
        return new CatalogResult { Packages = [package], Relationships = edges };
    }

    /// <summary>License-Expression (PEP 639) first, then License unless it is a pasted license text, then classifiers.</summary>
    private static IReadOnlyList<LicenseInfo> Licenses(List<KeyValuePair<string, string>> headers)
    {
        if (First(headers, "License-Expression") is { Length: > 0 } expression)
        {
            return LanguagePackages.Licenses([expression], "License-Expression");
        }

        var license = First(headers, "License");
        if (license is { Length: > 0 and < 120 } && !license.Contains('\n') && license != "UNKNOWN")
        {
            return LanguagePackages.Licenses([license], "License");
        }

        var classifiers = headers.Where(h => h.Key == "Classifier" && h.Value.StartsWith("License ::", StringComparison.Ordinal))
            .Select(h => h.Value.Split("::").Last().Trim());
        return LanguagePackages.Licenses(classifiers, "classifier");
    }

    /// <summary>"requests (>=2.0)", "idna<4,>=2.5; python_version>'3'" → "requests", "idna".</summary>
    public static string RequirementName(string spec)
    {
        var end = spec.IndexOfAny([' ', '(', '<', '>', '=', '!', '~', ';', '[', '@']);
        return (end < 0 ? spec : spec[..end]).Trim();
    }

    public static string SitePackages(string metadataPath)
    {
        var dir = PathUtil.Parent(metadataPath);
        var name = PathUtil.FileName(dir);
        var isInfoDir = name.EndsWith("-info", StringComparison.OrdinalIgnoreCase) || name.EndsWith("-INFO", StringComparison.Ordinal);
        return isInfoDir ? PathUtil.Parent(dir) : dir;
    }

    public static string Unresolved(string sitePackages, string name) => "pypi-unresolved:" + sitePackages + "\n" + PythonIdentity.Normalize(name);

    private static string? First(List<KeyValuePair<string, string>> headers, string key) =>
        headers.FirstOrDefault(h => h.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value?.Trim();

    // Email-style headers up to the first blank line; indented lines continue the previous value.
    private static List<KeyValuePair<string, string>> ReadHeaders(TextReader reader)
    {
        var headers = new List<KeyValuePair<string, string>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                break;
            }

            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return headers;
    }
}
