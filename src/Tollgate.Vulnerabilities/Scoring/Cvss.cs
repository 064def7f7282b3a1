using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Scoring;

/// <summary>CVSS helpers: base score of a v3.x vector (OSV gives vectors only) and score → severity bands.</summary>
public static class Cvss
{
    /// <summary>Severity band of a score: v3/v4 bands, or v2 bands (no Critical) when <paramref name="version2"/>.</summary>
    public static string SeverityOf(double score, bool version2 = false) => score switch
    {
        <= 0 => Severities.Negligible,
        < 4.0 => Severities.Low,
        < 7.0 => Severities.Medium,
        < 9.0 => Severities.High,
        _ => version2 ? Severities.High : Severities.Critical,
    };

    /// <summary>Maps vendor words ("MODERATE", "important", "unimportant", "high**") to our severities.</summary>
    public static string? SeverityOfWord(string? word)
    {
        return word?.Trim().TrimEnd('*').ToLowerInvariant() switch
        {
            "critical" => Severities.Critical,
            "high" or "important" => Severities.High,
            "medium" or "moderate" => Severities.Medium,
            "low" => Severities.Low,
            "unimportant" or "negligible" or "none" => Severities.Negligible,
            _ => null,
        };
    }

    /// <summary>CVSS v3.0/3.1 base score of a vector such as "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; null if not v3.</summary>
    public static double? BaseScoreV3(string? vector)
    {
        if (vector is null || !vector.StartsWith("CVSS:3", StringComparison.Ordinal))
        {
            return null;
        }

        var m = vector.Split('/').Skip(1).Select(p => p.Split(':')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        string Get(string k) => m.TryGetValue(k, out var v) ? v : "";
        var changed = Get("S") == "C";
        double? av = Get("AV") switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = Get("AC") switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = Get("PR") switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, "H" => changed ? 0.5 : 0.27, _ => null };
        double? ui = Get("UI") switch { "N" => 0.85, "R" => 0.62, _ => null };
        double? Cia(string k) => Get(k) switch { "H" => 0.56, "L" => 0.22, "N" => 0, _ => null };
        var (c, i, a) = (Cia("C"), Cia("I"), Cia("A"));
        if (av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null)
        {
            return null;
        }

        var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        if (impact <= 0)
        {
            return 0;
        }

        var raw = changed ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return RoundUp(raw);
    }

    /// <summary>CVSS v3.1 Roundup: smallest one-decimal number ≥ the input, robust to floating-point noise.</summary>
    private static double RoundUp(double value)
    {
        var n = (long)Math.Round(value * 100000);
        return n % 10000 == 0 ? n / 100000.0 : (Math.Floor(n / 10000.0) + 1) / 10.0;
    }
}
