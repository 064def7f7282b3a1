using System.Text;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>
/// Pure parser of the dpkg status format (deb822 stanzas separated by blank lines). A broken stanza is skipped with
/// a warning naming the file and line; every valid stanza before and after it is kept.
/// </summary>
public static class DpkgStatusParser
{
    /// <summary>Longest field value kept; longer ones (hostile or broken files) are cut with a warning.</summary>
    public const int MaxFieldChars = 256 * 1024;

    public static IReadOnlyList<DpkgEntry> Parse(TextReader reader, string fileName, ICollection<string> warnings)
    {
        var entries = new List<DpkgEntry>();
        var fields = new Dictionary<string, StringBuilder>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        string? problem = null;
        var lineNo = 0;
        var start = 1;

        void Flush()
        {
            if (fields.Count > 0 || problem is not null)
            {
                var entry = problem is null ? ToEntry(fields, start, out problem) : null;
                if (entry is not null)
                {
                    entries.Add(entry);
                }
                else if (problem is not null)
                {
                    warnings.Add($"{fileName}: stanza at line {start} skipped: {problem}");
                }
            }

            fields.Clear();
            current = null;
            problem = null;
        }

        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                Flush();
                start = lineNo + 1;
                continue;
            }

            if (problem is not null)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (current is null)
                {
                    problem = $"line {lineNo} continues no field";
                    continue;
                }

                Append(fields[current], "\n" + line.TrimStart(' ', '\t'), fileName, current, lineNo, warnings);
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Contains(' '))
            {
                problem = $"line {lineNo} is not a 'Field: value' line";
                continue;
            }

            current = line[..colon];
            var value = new StringBuilder();
            Append(value, line[(colon + 1)..].Trim(), fileName, current, lineNo, warnings);
            fields[current] = value;
        }

        Flush();
        return entries;
    }

    private static void Append(StringBuilder value, string text, string fileName, string field, int lineNo, ICollection<string> warnings)
    {
        if (value.Length >= MaxFieldChars)
        {
            return;
        }

        if (value.Length + text.Length > MaxFieldChars)
        {
            warnings.Add($"{fileName}: field {field} at line {lineNo} is longer than {MaxFieldChars} characters; cut");
            text = text[..(MaxFieldChars - value.Length)];
        }

        value.Append(text);
    }

    private static DpkgEntry? ToEntry(Dictionary<string, StringBuilder> builders, int line, out string? problem)
    {
        var fields = builders.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var name = fields.GetValueOrDefault("Package");
        var version = fields.GetValueOrDefault("Version");
        if (string.IsNullOrEmpty(name))
        {
            problem = "no Package field";
            return null;
        }

        if (string.IsNullOrEmpty(version))
        {
            // dpkg keeps records of purged packages without a version; only an installed one without it is broken.
            var installed = !fields.TryGetValue("Status", out var status) || status.EndsWith(" installed", StringComparison.Ordinal);
            problem = installed ? $"package {name} has no Version field" : null;
            return null;
        }

        var (source, sourceVersion) = SplitSource(fields.GetValueOrDefault("Source"));
        problem = null;
        return new DpkgEntry
        {
            Package = name,
            Version = version,
            Architecture = fields.GetValueOrDefault("Architecture"),
            Source = source,
            SourceVersion = sourceVersion,
            Maintainer = fields.GetValueOrDefault("Maintainer"),
            InstalledSizeKiB = long.TryParse(fields.GetValueOrDefault("Installed-Size"), out var size) ? size : null,
            Status = fields.GetValueOrDefault("Status"),
            Depends = fields.GetValueOrDefault("Depends") ?? "",
            PreDepends = fields.GetValueOrDefault("Pre-Depends") ?? "",
            Provides = fields.GetValueOrDefault("Provides") ?? "",
            Fields = fields,
            Line = line,
        };
    }

    /// <summary>"glibc" → (glibc, null); "gcc-12 (12.2.0-14)" → (gcc-12, 12.2.0-14).</summary>
    public static (string? Name, string? Version) SplitSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return (null, null);
        }

        var paren = source.IndexOf('(');
        if (paren < 0)
        {
            return (source.Trim(), null);
        }

        var close = source.IndexOf(')', paren);
        var version = close > paren ? source[(paren + 1)..close].Trim() : source[(paren + 1)..].Trim();
        return (source[..paren].Trim(), version.Length > 0 ? version : null);
    }
}
