using System.Globalization;
using System.Text.RegularExpressions;
using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Metadata;

public sealed partial class AttributeTrigger : Trigger
{

    public override string Name => "attribute";
    public override string Description => "Triggers if a named image metadata value matches the given condition.";
    public override string MessageTemplate => "Attribute check for attribute: '{0}' check: '{1}' check_value: '{2}' matched image value: '{3}'";
    public override string Remediation => "Rebuild the image so the attribute meets the policy (base distro, size, layer count…).";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.OneOf("attribute", "Attribute name to be checked.", ["size", "architecture", "os_type", "distro", "distro_version", "like_distro", "layer_count"], required: true) with { Example = "size" },
        TriggerParameter.OneOf("check", "The operation to perform the evaluation.", ["=", "!=", ">", "<", ">=", "<=", "exists", "not_exists", "like", "not_like", "in", "not_in"], required: true) with { Example = ">" },
        TriggerParameter.Str("value", "Value used in comparison.", example: "1073741824"),
    ];

    /// <summary>The value's validator depends on the attribute (Anchore's LinkedValidator).</summary>
    public override IEnumerable<(string Parameter, string Problem)> CheckCombination(RuleArguments args)
    {
        if (args.String("value") is not { } value)
        {
            yield break;
        }

        if (args.String("attribute") == "size" && !ByteSize().IsMatch(value.ToLowerInvariant()))
        {
            yield return ("value", $"'{value}' is not a size (digits, optionally followed by kb, mb, gb or tb)");
        }
        else if (args.String("attribute") == "layer_count" && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            yield return ("value", $"'{value}' is not an integer");
        }
    }

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var attribute = args.String("attribute")!;
        var check = args.String("check")!;
        var raw = args.String("value");
        if (check is not ("exists" or "not_exists") && string.IsNullOrEmpty(raw))
        {
            yield break;
        }

        var image = Value(context.Analysis, attribute);
        object? wanted = raw;
        if (image is long && raw is not null)
        {
            wanted = attribute == "size" ? ParseSize(raw) : long.Parse(raw, CultureInfo.InvariantCulture);
        }

        if (Holds(check, image, wanted))
        {
            yield return new TriggerFire(Format(attribute, check, Py(wanted) ?? "", Py(image) ?? "None")) { Subject = attribute };
        }
    }

    public static object? Value(ImageAnalysis analysis, string attribute) => attribute switch
    {
        "size" => analysis.Image.Layers.Sum(l => l.Size),
        "architecture" => analysis.Image.Architecture,
        "os_type" => analysis.Image.Os,
        "distro" => analysis.Distro?.Id,
        "distro_version" => analysis.Distro?.VersionId,
        "like_distro" => analysis.Distro is { } d ? (d.IdLike.Count > 0 ? string.Join(',', d.IdLike) : d.Id) : null,
        "layer_count" => (long)analysis.Image.Layers.Count,
        _ => null,
    };

    private static bool Holds(string check, object? image, object? wanted)
    {
        switch (check)
        {
            case "exists":
                return Truthy(image);
            case "not_exists":
                return !Truthy(image);
            case "=":
                return Equals(image, wanted);
            case "!=":
                return !Equals(image, wanted);
            case "in":
                return image is string s && TriggerParameter.SplitList((string)wanted!).Contains(s);
            case "not_in":
                return image is not string t || !TriggerParameter.SplitList((string)wanted!).Contains(t);
            case "like" or "not_like":
                if (image is not string text)
                {
                    throw new InvalidOperationException($"cannot apply '{check}' to a non-string image value");
                }

                return PyRegex.Match((string)wanted!, text) == (check == "like");
        }

        // Python raises on ordering None or mixed types; a failed trigger becomes a WARN decision.
        var order = (image, wanted) switch
        {
            (long a, long b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            _ => throw new InvalidOperationException($"cannot order image value '{Py(image) ?? "None"}' against '{Py(wanted)}'"),
        };
        return check switch
        {
            ">" => order > 0,
            "<" => order < 0,
            ">=" => order >= 0,
            _ => order <= 0,
        };
    }

    private static bool Truthy(object? v) => v switch
    {
        null => false,
        string s => s.Length > 0,
        long l => l != 0,
        _ => true,
    };

    private static string? Py(object? v) => v switch
    {
        null => null,
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    /// <summary>Anchore's convert_bytes_size: digits with an optional kb/mb/gb/tb suffix, powers of 1000.</summary>
    public static long ParseSize(string raw)
    {
        var m = ByteSize().Match(raw.ToLowerInvariant());
        if (!m.Success)
        {
            throw new FormatException($"'{raw}' is not a size");
        }

        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var power = m.Groups[2].Success ? Array.IndexOf(["kb", "mb", "gb", "tb"], m.Groups[2].Value) + 1 : 0;
        for (var i = 0; i < power; i++)
        {
            n *= 1000;
        }

        return n;
    }

    [GeneratedRegex(@"^([0-9]+)([kmgt]b)?$")]
    private static partial Regex ByteSize();
}
