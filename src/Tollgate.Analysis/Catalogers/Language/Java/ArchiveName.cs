using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>Name and version from an archive's file name: "commons-lang3-3.12.0.jar" → ("commons-lang3", "3.12.0").</summary>
public static partial class ArchiveName
{
    public static (string Name, string? Version) Parse(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var m = NameVersion().Match(stem);
        return m.Success ? (m.Groups["name"].Value, m.Groups["version"].Value) : (stem, null);
    }

    // The version starts at the first "-digit" (or "_digit"): "spring-core-5.3.1.RELEASE", "jackson-core-2.15.2".
    [GeneratedRegex(@"^(?<name>.+?)[-_](?<version>\d[\w.\-+]*)$")]
    private static partial Regex NameVersion();
}
