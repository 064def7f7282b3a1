using System.Text;

namespace Tollgate.Analysis.Identity;

/// <summary>
/// Builds package URLs per the purl spec: "pkg:type/namespace/name@version?qualifiers#subpath", with each part
/// percent-encoded and qualifiers sorted by key so the same package always gets the same string.
/// </summary>
public static class PackageUrl
{
    public static string Create(
        string type,
        string? ns,
        string name,
        string? version,
        IEnumerable<KeyValuePair<string, string?>>? qualifiers = null,
        string? subpath = null)
    {
        var sb = new StringBuilder("pkg:").Append(type.ToLowerInvariant()).Append('/');
        if (!string.IsNullOrEmpty(ns))
        {
            sb.Append(string.Join('/', ns.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Encode))).Append('/');
        }

        sb.Append(Encode(name));
        if (!string.IsNullOrEmpty(version))
        {
            sb.Append('@').Append(Encode(version));
        }

        var pairs = (qualifiers ?? [])
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => q.Key.ToLowerInvariant() + "=" + Encode(q.Value!))
            .ToList();
        if (pairs.Count > 0)
        {
            sb.Append('?').Append(string.Join('&', pairs));
        }

        if (!string.IsNullOrEmpty(subpath))
        {
            sb.Append('#').Append(string.Join('/', subpath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Encode)));
        }

        return sb.ToString();
    }

    /// <summary>Percent-encodes everything except unreserved characters (and ':' which purl keeps readable in versions).</summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or ':')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2"));
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes a percent-encoded purl part.</summary>
    public static string Decode(string value) => Uri.UnescapeDataString(value);
}
