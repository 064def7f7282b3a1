using System.Text.RegularExpressions;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Ruby;

/// <summary>
/// An installed gem's specifications/*.gemspec, the normalised Ruby that RubyGems writes: "s.name = "x".freeze",
/// "s.version = "1.0"", "s.licenses = ["MIT".freeze]". Read as text, never evaluated.
/// </summary>
public static partial class GemspecParser
{
    public const string FoundBy = "ruby-gemspec";

    public static CatalogResult Parse(ParseInput input)
    {
        var text = new StreamReader(input.Content).ReadToEnd();
        var name = Scalar(text, "name");
        var version = Scalar(text, "version");
        if (name is null || version is null)
        {
            return CatalogResult.Empty;
        }

        var licenses = LanguagePackages.Licenses(List(text, "licenses").Concat(List(text, "license")), "gemspec");
        var package = RubyIdentity.Create(name, version, FoundBy, input.Location, licenses, new Dictionary<string, string>
        {
            ["homepage"] = Scalar(text, "homepage") ?? "",
            ["authors"] = string.Join(", ", List(text, "authors").Select(Unescape)),
        });
        return new CatalogResult { Packages = [package] };
    }

    private static string? Scalar(string text, string field)
    {
        var m = Regex.Match(text, $@"^\s*\w+\.{field}\s*=\s*(?:Gem::Version\.new\()?[""']([^""']+)[""']", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value : null;
    }

    // s.licenses = ["MIT".freeze, "Ruby".freeze] or s.license = "MIT".freeze
    private static IEnumerable<string> List(string text, string field)
    {
        var m = Regex.Match(text, $@"^\s*\w+\.{field}\s*=\s*\[?([^\]\n]*)", RegexOptions.Multiline);
        return m.Success ? Quoted().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value) : [];
    }

    // RubyGems writes non-ASCII author names as "\u00E9"; anything else odd is kept as written.
    private static string Unescape(string s)
    {
        try
        {
            return Regex.Unescape(s);
        }
        catch (ArgumentException)
        {
            return s;
        }
    }

    [GeneratedRegex(@"[""']([^""']*)[""']")]
    private static partial Regex Quoted();
}
