using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Secrets;

/// <summary>Paths and values no rule reports: documentation, test fixtures, placeholders and sample values.</summary>
public static class SecretAllowlist
{
    /// <summary>Paths whose contents are never kept for scanning (docs, locales, binary formats, vendored test data).</summary>
    public static readonly Regex SkippedPaths = new(
        @"^/(?:proc|sys|dev)/|^/usr/share/(?:doc|man|info|locale|i18n|zoneinfo|common-licenses|mime|icons|fonts|X11/locale|terminfo|perl5?/[^/]+/unicore)/"
        + @"|^/usr/lib/locale/|^/var/lib/dpkg/info/[^/]+\.(?:md5sums|list|triggers|shlibs|symbols)$|^/usr/share/ca-certificates/|^/etc/ssl/certs/"
        + @"|/(?:tests?|testdata|test-data|testing|fixtures?|__tests__|__fixtures__|spec|examples?)/"
        + @"|\.(?:png|jpe?g|gif|ico|bmp|webp|tiff?|svgz|ttf|otf|woff2?|eot|pfb|gz|tgz|xz|bz2|zst|lz4|zip|jar|war|ear|whl|egg|so(?:\.[0-9.]+)?|a|o|pyc|pyo|mo|gmo|qm|db|sqlite3?|pdf|tar|deb|rpm|class|wasm|map|crt|cer|pub)$"
        + @"|(?:^|/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|Cargo\.lock|go\.sum|composer\.lock|Gemfile\.lock|uv\.lock)$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // Words that mark a sample value (trufflehog's false-positive terms and common placeholders).
    private static readonly string[] PlaceholderTerms =
        ["example", "xxxxxx", "aaaaaa", "abcdef", "123456", "00000", "sample", "*****", "placeholder", "changeme", "dummy", "your_", "your-", "<", ">"];

    private static readonly Regex Template = new(
        @"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|\{\{.*\}\}|\$\{\{.*\}\}|^%[A-Za-z_][A-Za-z0-9_]*%$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>True for values that are placeholders rather than secrets.</summary>
    public static bool IsPlaceholder(string value)
    {
        if (value.Length == 0 || value.AsSpan().IndexOfAnyExcept(value[0]) < 0)
        {
            return true; // one repeated character
        }

        foreach (var term in PlaceholderTerms)
        {
            if (value.Contains(term, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return Template.IsMatch(value);
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        double entropy = 0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>What a finding may show of a secret: its first four characters.</summary>
    public static string Redact(string secret) => (secret.Length <= 4 ? "" : secret[..4]) + "***";
}
