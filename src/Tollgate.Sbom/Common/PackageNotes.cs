using System.Globalization;
using System.Text;
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

    public static string Write(Package package)
    {
        var sb = new StringBuilder();
        sb.Append(Prefix).Append("id=").Append(package.Id).Append('\n');
        sb.Append(Prefix).Append("type=").Append(package.Type).Append('\n');
        sb.Append(Prefix).Append("foundBy=").Append(package.FoundBy).Append('\n');
        foreach (var location in package.Locations)
        {
            sb.Append(Prefix).Append("location=").Append(location.Layer.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(location.Path).Append('\n');
        }

        foreach (var license in package.Licenses)
        {
            sb.Append(Prefix).Append("license=").Append(license.SpdxExpression).Append('\t').Append(OneLine(license.Value)).Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    public static ParsedNotes Read(string? text)
    {
        var notes = new ParsedNotes();
        if (string.IsNullOrEmpty(text))
        {
            return notes;
        }

        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var eq = line.IndexOf('=', Prefix.Length);
            if (eq < 0)
            {
                continue;
            }

            var key = line[Prefix.Length..eq];
            var value = line[(eq + 1)..];
            switch (key)
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
