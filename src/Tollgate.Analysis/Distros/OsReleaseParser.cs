namespace Tollgate.Analysis.Distros;

/// <summary>Parses os-release (KEY=value lines, values optionally quoted with shell escapes), per os-release(5).</summary>
public static class OsReleaseParser
{
    public static Dictionary<string, string> Parse(TextReader reader)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            fields[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }

        return fields;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
            return value.Replace("\\\"", "\"").Replace("\\$", "$").Replace("\\`", "`").Replace("\\\\", "\\");
        }

        return value;
    }
}
