using Tollgate.Analysis.Identity;

namespace Tollgate.Sbom.Common;

/// <summary>The parts of a purl a reader needs to rebuild a package: type, namespace, name, version, qualifiers.</summary>
public sealed record PurlParts(string Type, string? Namespace, string Name, string? Version, IReadOnlyDictionary<string, string> Qualifiers)
{
    public static PurlParts? TryParse(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = purl[4..];
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    qualifiers[pair[..eq]] = PackageUrl.Decode(pair[(eq + 1)..]);
                }
            }

            rest = rest[..q];
        }

        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at > 0 && rest.IndexOf('/') < at)
        {
            version = PackageUrl.Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var type = rest[..slash];
        var path = rest[(slash + 1)..];
        var lastSlash = path.LastIndexOf('/');
        var ns = lastSlash < 0 ? null : string.Join('/', path[..lastSlash].Split('/').Select(PackageUrl.Decode));
        var name = PackageUrl.Decode(lastSlash < 0 ? path : path[(lastSlash + 1)..]);
        return new PurlParts(type, ns, name, version, qualifiers);
    }
}
