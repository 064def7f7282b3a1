using System.Reflection;
using System.Text;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Licenses;

/// <summary>
/// Turns license text as package metadata states it into an SPDX id or expression where recognisable.
/// The one place every cataloger calls, so "Apache 2.0", "Apache-2.0" and "ASL 2.0" all become "Apache-2.0".
/// Knows every id of the SPDX list (embedded spdx-ids.txt), maps deprecated ids to current ones, reads
/// AND/OR/WITH expressions with parentheses, and names unknown parts of a known expression LicenseRef-….
/// </summary>
public static class SpdxLicenses
{
    private static readonly Lazy<(Dictionary<string, string> Licenses, Dictionary<string, string> Exceptions)> Ids = new(LoadIds);

    // Deprecated "GPL-2.0-with-…-exception" ids: the license and exception they combine.
    private static readonly Dictionary<string, string> CombinedIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL-2.0-with-autoconf-exception"] = "GPL-2.0-only WITH Autoconf-exception-2.0",
        ["GPL-2.0-with-bison-exception"] = "GPL-2.0-only WITH Bison-exception-2.2",
        ["GPL-2.0-with-classpath-exception"] = "GPL-2.0-only WITH Classpath-exception-2.0",
        ["GPL-2.0-with-font-exception"] = "GPL-2.0-only WITH Font-exception-2.0",
        ["GPL-2.0-with-GCC-exception"] = "GPL-2.0-only WITH GCC-exception-2.0",
        ["GPL-3.0-with-autoconf-exception"] = "GPL-3.0-only WITH Autoconf-exception-3.0",
        ["GPL-3.0-with-GCC-exception"] = "GPL-3.0-only WITH GCC-exception-3.1",
        ["StandardML-NJ"] = "SMLNJ",
        ["Nunit"] = "zlib-acknowledgement",
    };

    /// <summary>Number of license ids known (for diagnostics and tests).</summary>
    public static int LicenseIdCount => Ids.Value.Licenses.Count;

    public static int ExceptionIdCount => Ids.Value.Exceptions.Count;

    /// <summary>True when <paramref name="id"/> is an SPDX license id exactly as the list spells it (CycloneDX's license.id enum).</summary>
    public static bool IsLicenseId(string id) => Ids.Value.Licenses.TryGetValue(id, out var canonical) && canonical == id;

    /// <summary>Normalises one license statement; <see cref="LicenseInfo.SpdxExpression"/> is null when not recognisable.</summary>
    public static LicenseInfo Normalize(string raw, string? source = null)
    {
        var value = raw.Trim();
        return new LicenseInfo { Value = value, SpdxExpression = ToSpdx(value), Source = source };
    }

    /// <summary>An SPDX id or expression for the text, or null.</summary>
    public static string? ToSpdx(string text)
    {
        var value = Collapse(text.Trim().TrimEnd(';', '.'));

        // Python trove classifier: "License :: OSI Approved :: MIT License" names the license last.
        if (value.StartsWith("License ::", StringComparison.OrdinalIgnoreCase))
        {
            value = value[(value.LastIndexOf("::", StringComparison.Ordinal) + 2)..].Trim();
        }

        if (value.Length == 0)
        {
            return null;
        }

        if (Operand(value) is { } single)
        {
            return single;
        }

        return Expression(value);
    }

    private static string? Expression(string value)
    {
        var tokens = value.Replace("(", " ( ").Replace(")", " ) ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = new List<string>();
        var phrase = new List<string>();
        var known = 0;
        var unknown = 0;
        var depth = 0;

        bool Flush()
        {
            if (phrase.Count == 0)
            {
                return true;
            }

            var text = string.Join(' ', phrase);
            phrase.Clear();
            if (output.Count > 0 && output[^1] == "WITH")
            {
                var exception = Exception(text);
                if (exception is null)
                {
                    return false;
                }

                output.Add(exception);
                known++;
                return true;
            }

            var id = Operand(text);
            if (id is null)
            {
                unknown++;
                id = "LicenseRef-" + Sanitize(text);
            }
            else
            {
                known++;
            }

            output.Add(id.Contains(' ', StringComparison.Ordinal) && output.Count > 0 ? "(" + id + ")" : id);
            return true;
        }

        foreach (var token in tokens)
        {
            var op = token.ToUpperInvariant() switch
            {
                "AND" or "&" or "&&" => "AND",
                "OR" or "|" or "||" => "OR",
                "WITH" => "WITH",
                "(" or ")" => token,
                _ => null,
            };
            if (op is null)
            {
                phrase.Add(token);
                continue;
            }

            if (!Flush())
            {
                return null;
            }

            depth += op == "(" ? 1 : op == ")" ? -1 : 0;
            if (depth < 0)
            {
                return null;
            }

            output.Add(op);
        }

        if (!Flush() || depth != 0 || known == 0 || (known + unknown) < 2 || !WellFormed(output))
        {
            return null;
        }

        return string.Join(' ', output).Replace("( ", "(").Replace(" )", ")");
    }

    // Operators must sit between operands: no "AND AND", no leading or trailing operator.
    private static bool WellFormed(List<string> tokens)
    {
        var expectOperand = true;
        foreach (var t in tokens)
        {
            if (t == "(")
            {
                if (!expectOperand)
                {
                    return false;
                }
            }
            else if (t == ")")
            {
                if (expectOperand)
                {
                    return false;
                }
            }
            else if (t is "AND" or "OR" or "WITH")
            {
                if (expectOperand)
                {
                    return false;
                }

                expectOperand = true;
            }
            else
            {
                if (!expectOperand)
                {
                    return false;
                }

                expectOperand = false;
            }
        }

        return !expectOperand;
    }

    /// <summary>One license (no operators): an SPDX id (deprecated ones mapped), an alias, or "X+" of either.</summary>
    private static string? Operand(string text)
    {
        if (SpdxAliases.Map.TryGetValue(text, out var alias))
        {
            return alias;
        }

        if (CombinedIds.TryGetValue(text, out var combined))
        {
            return combined;
        }

        var licenses = Ids.Value.Licenses;
        if (licenses.TryGetValue(text, out var id))
        {
            // Bare GNU ids are deprecated for "-only"; "X+" ids for "-or-later".
            if (id.EndsWith('+') && licenses.TryGetValue(id[..^1] + "-or-later", out var later))
            {
                return later;
            }

            return licenses.TryGetValue(id + "-only", out var only) ? only : id;
        }

        if (text.EndsWith('+') && text.Length > 1 && Operand(text[..^1]) is { } baseId && !baseId.Contains(' ', StringComparison.Ordinal))
        {
            if (baseId.EndsWith("-only", StringComparison.Ordinal))
            {
                return baseId[..^"-only".Length] + "-or-later";
            }

            return baseId.EndsWith("-or-later", StringComparison.Ordinal) || baseId.StartsWith("LicenseRef-", StringComparison.Ordinal) ? baseId : baseId + "+";
        }

        return text.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) ? "LicenseRef-" + Sanitize(text["LicenseRef-".Length..]) : null;
    }

    private static string? Exception(string text) =>
        Ids.Value.Exceptions.TryGetValue(text, out var id) ? id : SpdxAliases.Exceptions.GetValueOrDefault(text);

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return sb.ToString().Trim('-');
    }

    private static (Dictionary<string, string>, Dictionary<string, string>) LoadIds()
    {
        var licenses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var exceptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tollgate.Analysis.Licenses.spdx-ids.txt")
            ?? throw new InvalidOperationException("embedded resource spdx-ids.txt is missing");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 2 && line[0] is 'L' or 'E' && line[1] == ' ')
            {
                (line[0] == 'L' ? licenses : exceptions)[line[2..]] = line[2..];
            }
        }

        return (licenses, exceptions);
    }
}
