using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Evaluator;

/// <summary>Anchore's selector matching: globs ('*' is anything, anchored both ends) or "regexp:" (Python re.match).</summary>
public static class Selectors
{
    public const string RegexpPrefix = "regexp:";

    private static readonly ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    public static bool GlobMatches(string pattern, string value)
    {
        if (pattern.StartsWith(RegexpPrefix, StringComparison.Ordinal))
        {
            return PyRegex.Match(pattern[RegexpPrefix.Length..], value);
        }

        if (pattern == "*")
        {
            return true;
        }

        return Globs.GetOrAdd(pattern, p =>
        {
            var sb = new StringBuilder("^");
            foreach (var c in p)
            {
                sb.Append(c == '*' ? ".*" : Regex.Escape(c.ToString()));
            }

            return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
        }).IsMatch(value);
    }

    /// <summary>Does a mapping or image rule select this image under this tag?</summary>
    public static bool Selects(string registry, string repository, ImageSelector image, ImageReference tag, string? imageDigest, string? imageId)
    {
        if (!GlobMatches(registry, tag.Registry) || !GlobMatches(repository, tag.Repository))
        {
            return false;
        }

        return image.Type switch
        {
            "tag" => GlobMatches(image.Value, tag.Tag ?? ""),
            "digest" => SameDigest(image.Value, imageDigest) || SameDigest(image.Value, tag.Digest),
            "id" => SameDigest(image.Value, imageId),
            _ => false,
        };
    }

    private static bool SameDigest(string wanted, string? actual) =>
        actual is not null && string.Equals(Strip(wanted), Strip(actual), StringComparison.OrdinalIgnoreCase);

    private static string Strip(string digest) => digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;
}
