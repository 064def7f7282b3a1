using System.Globalization;
using Tollgate.Analysis.Model;

namespace Tollgate.Sbom.Common;

/// <summary>
/// Facts a format has no field for (our package id, every location with its layer, raw license text), written as
/// "tollgate:key=value" lines in a comment/property so a round trip through SPDX keeps them. Foreign documents
/// without these lines still read; they just carry less.
/// </summary>
public static class PackageNotes
{
    private const string Prefix = "tollgate:";

    /// <summary>The notes as (key, value) pairs; keys carry the "tollgate:" prefix (CycloneDX property names).</summary>
    public static IEnumerable<(string Key, string Value)> Pairs(Package package)
    {
        yield return (Prefix + "id", package.Id);
        yield return (Prefix + "type", package.Type);
        yield return (Prefix + "foundBy", package.FoundBy);
        foreach (var location in package.Locations)
        {
            yield return (Prefix + "location", location.Layer.ToString(CultureInfo.InvariantCulture) + ":" + location.Path);
        }

        foreach (var license in package.Licenses)
        {
            yield return (Prefix + "license", license.SpdxExpression + "\t" + OneLine(license.Value));
        }
    }

    /// <summary>The notes as "tollgate:key=value" lines (an SPDX comment).</summary>
    public static string Write(Package package) => string.Join('\n', Pairs(package).Select(p => p.Key + "=" + p.Value));

    public static ParsedNotes Read(string? text) =>
        Read((text ?? "").Split('\n').Select(line => line.IndexOf('=') is var eq and > 0 ? (line[..eq], line[(eq + 1)..]) : (line, "")));

    public static ParsedNotes Read(IEnumerable<(string Key, string Value)> pairs)
    {
        var notes = new ParsedNotes();
        foreach (var (fullKey, value) in pairs)
        {
            if (!fullKey.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            switch (fullKey[Prefix.Length..])
            {
                case "id": notes.Id = value; break;
                case "type": notes.Type = value; break;
                case "foundBy": notes.FoundBy = value; break;
                case "location":
                    var colon = value.IndexOf(':');
                    if (colon > 0 && int.TryParse(value[..colon], CultureInfo.InvariantCulture, out var layer))
                    {
                        notes.Locations.Add(new Location(value[(colon + 1)..], layer));
                    }

                    break;
                case "license":
                    var tab = value.IndexOf('\t');
                    var spdx = tab < 0 ? value : value[..tab];
                    var raw = tab < 0 ? value : value[(tab + 1)..];
                    notes.Licenses.Add(new LicenseInfo { Value = raw, SpdxExpression = spdx.Length == 0 ? null : spdx });
                    break;
            }
        }

        return notes;
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');

    public sealed class ParsedNotes
    {
        public string? Id { get; set; }
        public string? Type { get; set; }
        public string? FoundBy { get; set; }
        public List<Location> Locations { get; } = [];
        public List<LicenseInfo> Licenses { get; } = [];
    }
}
