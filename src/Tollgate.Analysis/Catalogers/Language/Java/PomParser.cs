using System.Xml;
using System.Xml.Linq;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>What a pom.xml says of its project (the parent supplies group and version when the project omits them).</summary>
public sealed record PomProject(string? GroupId, string? ArtifactId, string? Version, string? Name, IReadOnlyList<string> Licenses);

/// <summary>pom.properties (groupId/artifactId/version) and pom.xml, read without DTDs or external entities.</summary>
public static class PomParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true,
    };

    public static MavenCoordinates? ParseProperties(Stream stream)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && !line.StartsWith('#'))
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        return values.TryGetValue("artifactId", out var a) && values.TryGetValue("version", out var v) && a.Length > 0 && v.Length > 0
            ? new MavenCoordinates(values.GetValueOrDefault("groupId"), a, v)
            : null;
    }

    public static PomProject ParseXml(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        var project = XDocument.Load(reader).Root ?? throw new InvalidDataException("pom.xml has no root element");
        string? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(x => x.Name.LocalName == name)?.Value.Trim();
        var parent = project.Elements().FirstOrDefault(e => e.Name.LocalName == "parent");
        var licenses = project.Elements().Where(e => e.Name.LocalName == "licenses").Elements()
            .Select(l => Child(l, "name") ?? Child(l, "url"))
            .Where(l => !string.IsNullOrEmpty(l))
            .Select(l => l!)
            .ToList();
        // ${…} placeholders: the project's own <properties> and project.* values; what stays unresolved is dropped.
        var properties = project.Elements().Where(e => e.Name.LocalName == "properties").Elements()
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value.Trim());
        var groupId = Child(project, "groupId") ?? Child(parent, "groupId");
        var version = Child(project, "version") ?? Child(parent, "version");
        properties["project.groupId"] = groupId ?? "";
        properties["project.version"] = Resolve(version, properties) ?? "";
        properties["project.parent.version"] = Child(parent, "version") ?? "";
        return new PomProject(
            Resolve(groupId, properties),
            Resolve(Child(project, "artifactId"), properties),
            Resolve(version, properties),
            Resolve(Child(project, "name"), properties),
            licenses);
    }

    private static string? Resolve(string? value, Dictionary<string, string> properties)
    {
        for (var round = 0; value is not null && value.Contains("${", StringComparison.Ordinal) && round < 5; round++)
        {
            var start = value.IndexOf("${", StringComparison.Ordinal);
            var end = value.IndexOf('}', start);
            if (end < 0 || !properties.TryGetValue(value[(start + 2)..end], out var replacement) || replacement.Length == 0)
            {
                return null;
            }

            value = value[..start] + replacement + value[(end + 1)..];
        }

        return value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;
    }
}
