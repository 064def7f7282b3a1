using System.Text;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>One table of a TOML lockfile: its scalar keys, its arrays (as item texts) and its sub-tables.</summary>
public sealed class TomlTable
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Arrays { get; } = new(StringComparer.Ordinal);

    /// <summary>"[package.dependencies]"-style sub-tables, keyed by the part after the parent name.</summary>
    public Dictionary<string, TomlTable> Children { get; } = new(StringComparer.Ordinal);

    public string? Get(string key) => Values.GetValueOrDefault(key);
}

/// <summary>
/// The subset of TOML that lockfiles use (Cargo.lock, poetry.lock, uv.lock): "[[name]]" array tables with
/// "key = value" lines, multi-line arrays and "[name.sub]" tables. Inline tables stay as raw text for the caller.
/// Not a general TOML parser: enough for machine-written lockfiles, bounded by the file size.
/// </summary>
public static class TomlTables
{
    /// <summary>Every "[[<paramref name="arrayName"/>]]" table in order.</summary>
    public static List<TomlTable> Read(TextReader reader, string arrayName)
    {
        var tables = new List<TomlTable>();
        TomlTable? current = null;
        TomlTable? target = null;
        string? openArray = null;
        var arrayText = new StringBuilder();
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim();
            if (openArray is not null)
            {
                arrayText.Append(' ').Append(line);
                if (ArrayClosed(arrayText.ToString()))
                {
                    target!.Arrays[openArray] = SplitArray(arrayText.ToString());
                    openArray = null;
                }

                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("[[", StringComparison.Ordinal))
            {
                var name = line.Trim('[', ']', ' ');
                current = name == arrayName ? new TomlTable() : null;
                if (current is not null)
                {
                    tables.Add(current);
                }

                target = current;
                continue;
            }

            if (line.StartsWith('['))
            {
                var name = line.Trim('[', ']', ' ');
                target = current is not null && name.StartsWith(arrayName + ".", StringComparison.Ordinal)
                    ? current.Children[name[(arrayName.Length + 1)..]] = new TomlTable()
                    : null;
                continue;
            }

            var eq = line.IndexOf('=');
            if (target is null || eq <= 0)
            {
                continue;
            }

            var key = Unquote(line[..eq].Trim());
            var value = line[(eq + 1)..].Trim();
            if (value.StartsWith('['))
            {
                if (ArrayClosed(value))
                {
                    target.Arrays[key] = SplitArray(value);
                }
                else
                {
                    openArray = key;
                    arrayText.Clear().Append(value);
                }
            }
            else
            {
                target.Values[key] = Unquote(StripComment(value));
            }
        }

        return tables;
    }

    /// <summary>Reads a value of an inline table such as <c>{ name = "x", version = "1.0" }</c>.</summary>
    public static string? InlineValue(string inlineTable, string key)
    {
        foreach (var part in SplitTopLevel(inlineTable.Trim().TrimStart('{').TrimEnd('}'), ','))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && Unquote(part[..eq].Trim()) == key)
            {
                return Unquote(part[(eq + 1)..].Trim());
            }
        }

        return null;
    }

    public static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;

    private static string StripComment(string value)
    {
        if (value.StartsWith('"') || value.StartsWith('\''))
        {
            var end = value.IndexOf(value[0], 1);
            return end > 0 ? value[..(end + 1)] : value;
        }

        return value.Split('#')[0].Trim();
    }

    private static bool ArrayClosed(string text)
    {
        var depth = 0;
        var inString = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inString = !inString;
            }
            else if (!inString && c is '[' or '{')
            {
                depth++;
            }
            else if (!inString && c is ']' or '}')
            {
                depth--;
            }
        }

        return depth <= 0;
    }

    private static List<string> SplitArray(string text)
    {
        var inner = text.Trim();
        inner = inner.Length >= 2 ? inner[1..^1] : "";
        return SplitTopLevel(inner, ',').Select(s => Unquote(s.Trim())).Where(s => s.Length > 0).ToList();
    }

    // Splits on a separator outside strings, brackets and braces.
    private static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                inString = !inString;
            }
            else if (!inString && c is '[' or '{')
            {
                depth++;
            }
            else if (!inString && c is ']' or '}')
            {
                depth--;
            }
            else if (!inString && depth == 0 && c == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
