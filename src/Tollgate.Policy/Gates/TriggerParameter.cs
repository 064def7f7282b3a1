using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Policy.Gates;

/// <summary>How a parameter's string value is read. Every Anchore value is a string; the kind says how to parse it.</summary>
public enum ParameterKind
{
    String,
    Enum,
    Boolean,
    Integer,
    Float,
    CommaList,
    CommaIntegerList,

    /// <summary>A regular expression; a pattern that does not compile is reported by validation as a warning
    /// (Anchore accepts it and fails the trigger at evaluation).</summary>
    Regex,

    /// <summary>An octal file mode ("0755", "0o104755").</summary>
    OctalMode,
}

/// <summary>
/// One declared parameter of a trigger: the single description that validation, evaluation,
/// `tollgate policy spec` and the docs all read.
/// </summary>
public sealed record TriggerParameter(string Name, ParameterKind Kind, string Description)
{
    public bool Required { get; init; }
    public string? Default { get; init; }
    public string? Example { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>Extra check after the kind's own parsing; returns the problem or null.</summary>
    public Func<string, string?>? Validator { get; init; }

    public static TriggerParameter Str(string name, string description, bool required = false, string? example = null) =>
        new(name, ParameterKind.String, description) { Required = required, Example = example };

    public static TriggerParameter OneOf(string name, string description, IReadOnlyList<string> values, bool required = false, string? defaultValue = null) =>
        new(name, ParameterKind.Enum, description) { Required = required, EnumValues = values, Default = defaultValue, Example = values[0] };

    public static TriggerParameter Bool(string name, string description, string? defaultValue = null) =>
        new(name, ParameterKind.Boolean, description) { Default = defaultValue, Example = "true" };

    public static TriggerParameter Int(string name, string description, bool required = false, string? example = null) =>
        new(name, ParameterKind.Integer, description) { Required = required, Example = example };

    public static TriggerParameter Float(string name, string description) =>
        new(name, ParameterKind.Float, description) { Example = "5.0" };

    public static TriggerParameter List(string name, string description, bool required = false, string? example = null) =>
        new(name, ParameterKind.CommaList, description) { Required = required, Example = example };

    public static TriggerParameter IntList(string name, string description, bool required = false, string? example = null) =>
        new(name, ParameterKind.CommaIntegerList, description) { Required = required, Example = example };

    public static TriggerParameter Pattern(string name, string description, bool required = false, string? example = null) =>
        new(name, ParameterKind.Regex, description) { Required = required, Example = example };

    public bool Answers(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks a value; returns (problem, isWarning) or null when the value is good.</summary>
    public (string Problem, bool Warning)? Check(string value)
    {
        var problem = Kind switch
        {
            ParameterKind.Enum when !EnumValues.Contains(value, StringComparer.Ordinal) =>
                $"'{value}' is not one of: {string.Join(", ", EnumValues)}",
            ParameterKind.Boolean when !TryBool(value, out _) => $"'{value}' is not a boolean (true or false)",
            ParameterKind.Integer when !long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
                $"'{value}' is not an integer",
            ParameterKind.Float when !double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
                $"'{value}' is not a number",
            ParameterKind.CommaIntegerList when SplitList(value).Any(v => !long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) =>
                $"'{value}' is not a comma-separated list of integers",
            ParameterKind.OctalMode when ParseOctal(value) is null => $"'{value}' is not an octal file mode",
            _ => null,
        };
        if (problem is not null)
        {
            return (problem, false);
        }

        if (Kind == ParameterKind.Regex && CompileProblem(value) is { } regexProblem)
        {
            return ($"'{value}' is not a valid regular expression ({regexProblem}); the rule will fail at evaluation", true);
        }

        return Validator?.Invoke(value) is { } custom ? (custom, false) : null;
    }

    public static bool TryBool(string value, out bool result)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "true":
                result = true;
                return true;
            case "false":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>Anchore's comma list: split on commas, blanks dropped, items trimmed.</summary>
    public static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Python's int(x, 8): optional "0o" prefix.</summary>
    public static int? ParseOctal(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            v = v[2..];
        }

        if (v.Length == 0 || v.Any(c => c is < '0' or > '7'))
        {
            return null;
        }

        try
        {
            return Convert.ToInt32(v, 8);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string? CompileProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
