using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Language.JavaScriptVendored;

/// <summary>
/// JavaScript libraries copied into an image as plain files (static/js/jquery.min.js, vendor/lodash.js), recognised by
/// retire.js signatures: the file name, a banner or version assignment in the content, or the file's sha1.
/// Files under node_modules belong to the npm cataloger (their package.json says what they are).
/// </summary>
public sealed class VendoredJavaScriptCataloger : ICataloger
{
    public const string RequestName = "javascript-vendored";

    /// <summary>Banners and version assignments sit near the top; a minified bundle can be megabytes.</summary>
    public const int KeptBytes = 256 * 1024;

    public string Name => "javascript-vendored";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new ContentRequest
        {
            Name = RequestName,
            PathMatches = path => path.EndsWith(".js", StringComparison.OrdinalIgnoreCase) && !path.Contains("/node_modules/", StringComparison.Ordinal),
            KeepHeaderBytes = KeptBytes,
            MinBytes = 16,
        },
    ];

    public CatalogResult Catalog(CatalogContext context)
    {
        var packages = new List<Package>();
        foreach (var file in context.Contents.For(RequestName))
        {
            byte[] bytes;
            using (var stream = context.Contents.Open(file))
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            var complete = bytes.Length >= file.Size;
            var sha1 = complete ? Convert.ToHexStringLower(SHA1.HashData(bytes)) : null;
            var text = Encoding.UTF8.GetString(bytes);
            foreach (var (component, version) in Identify(PathUtil.FileName(file.Path), text, sha1, file.Path, context))
            {
                packages.Add(ToPackage(component, version, context.LocationOf(file)));
            }
        }

        return new CatalogResult { Packages = packages };
    }

    /// <summary>Each component the file is, with its version (first signature that gives one wins).</summary>
    public static IEnumerable<(RetireComponent Component, string Version)> Identify(string fileName, string content, string? sha1, string path, CatalogContext? context)
    {
        foreach (var component in RetireRepository.Components)
        {
            var version = (sha1 is not null ? component.Sha1ToVersion.GetValueOrDefault(sha1) : null)
                ?? FirstVersion(component.FileNames, fileName, path, context)
                ?? FirstVersion(component.FileContents, content, path, context);
            if (version is not null)
            {
                yield return (component, version);
            }
        }
    }

    private static string? FirstVersion(IReadOnlyList<Regex> patterns, string input, string path, CatalogContext? context)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                var match = pattern.Match(input);
                if (match.Success && match.Groups.Count > 1)
                {
                    // retire.js takes the first group; a trailing "." or "-" is not part of a version.
                    return match.Groups[1].Value.TrimEnd('.', '-', '_');
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context?.Warn($"{path}: retire.js signature {pattern} timed out; skipped");
            }
        }

        return null;
    }

    private static Package ToPackage(RetireComponent component, string version, Location location) => new()
    {
        Id = PackageIds.For(PackageTypes.Npm, component.NpmName, version, location.Path),
        Name = component.NpmName,
        Version = version,
        Type = PackageTypes.Npm,
        FoundBy = "javascript-vendored",
        Purl = PackageUrl.Create("npm", null, component.NpmName, version),
        Locations = [location],
        Metadata = new Dictionary<string, string> { ["vendored"] = "true", ["retireComponent"] = component.Name },
    };
}
