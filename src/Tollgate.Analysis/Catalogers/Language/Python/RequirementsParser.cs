using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>
/// requirements*.txt: only exactly pinned lines ("name==1.2.3", "name[extra] === 1.2.3 ; marker") name a version;
/// ranges, URLs, options (-r, -e, --hash) and comments are skipped.
/// </summary>
public static class RequirementsParser
{
    public const string FoundBy = "python-requirements";

    public static CatalogResult Parse(ParseInput input)
    {
        var packages = new List<Package>();
        using var reader = new StreamReader(input.Content);
        var logical = "";
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Split(" #")[0].Trim();
            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }

            line = (logical + line).Trim();
            logical = "";
            if (line.Length == 0 || line[0] is '#' or '-')
            {
                continue;
            }

            var spec = line.Split(';')[0].Split(" --")[0].Trim();
            var op = spec.Contains("===", StringComparison.Ordinal) ? "===" : "==";
            var parts = spec.Split(op, 2);
            if (parts.Length != 2 || parts[1].Trim().IndexOfAny([',', '*', '<', '>', '!', '~', ' ']) >= 0)
            {
                continue; // a range or wildcard pins nothing
            }

            var name = CoreMetadataParser.RequirementName(parts[0]);
            var version = parts[1].Trim();
            if (name.Length > 0 && version.Length > 0)
            {
                packages.Add(PythonIdentity.Create(name, version, FoundBy, input.Location));
            }
        }

        return new CatalogResult { Packages = packages };
    }
}
