using System.Text.RegularExpressions;

namespace Tollgate.Reports.Oscal;

/// <summary>
/// A NIST SP 800-53 reference as the packs write it ("AC-6(10)", "CM-7 a", "IA-5(2)(a)") in the form the NIST OSCAL
/// catalog uses: control "ac-6.10", statement part "cm-7_smt.a", "ia-5.2_smt.a".
/// </summary>
public sealed partial record OscalControlId(string ControlId, string? StatementId)
{
    /// <summary>The finding target: the statement part when the reference names one, else the control's objective.</summary>
    public string TargetType => StatementId is null ? "objective-id" : "statement-id";

    public string TargetId => StatementId ?? ControlId + "_obj";

    /// <summary>Null when the text is not an 800-53 reference (the caller keeps it as a prop instead of inventing an id).</summary>
    public static OscalControlId? Parse(string nist)
    {
        var m = Reference().Match(nist.Trim());
        if (!m.Success)
        {
            return null;
        }

        var control = $"{m.Groups["family"].Value.ToLowerInvariant()}-{int.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture)}";
        if (m.Groups["enhancement"].Success)
        {
            control += "." + int.Parse(m.Groups["enhancement"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var part = m.Groups["part"].Success ? m.Groups["part"].Value : m.Groups["item"].Value;
        return new OscalControlId(control, part.Length > 0 ? $"{control}_smt.{part.ToLowerInvariant()}" : null);
    }

    // "AC-6", "AC-6(10)", "CM-7 a", "CM-7(1)(b)", "IA-5 (1) (a)".
    [GeneratedRegex(@"^(?<family>[A-Za-z]{2})-(?<number>\d{1,2})\s*(?:\((?<enhancement>\d{1,2})\))?\s*(?:\((?<part>[a-z])\)|(?<item>[a-z])\b)?$")]
    private static partial Regex Reference();
}
