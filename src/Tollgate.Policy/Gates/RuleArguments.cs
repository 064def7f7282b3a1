using System.Globalization;

namespace Tollgate.Policy.Gates;

/// <summary>A rule's parameter values keyed by the declared (canonical) parameter name, with typed readers.</summary>
public sealed class RuleArguments
{
    private readonly Dictionary<string, string> _values;

    public RuleArguments(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);

    public static RuleArguments Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>Maps raw (name, value) pairs onto a trigger's declared names, honouring aliases; unknown names are dropped
    /// (validation reports them).</summary>
    public static RuleArguments For(Trigger trigger, IEnumerable<(string Name, string Value)> raw)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in raw)
        {
            if (trigger.FindParameter(name) is { } p)
            {
                values[p.Name] = value;
            }
        }

        foreach (var p in trigger.Parameters.Where(p => p.Default is not null && !values.ContainsKey(p.Name)))
        {
            values[p.Name] = p.Default!;
        }

        return new RuleArguments(values);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool? Bool(string name) => String(name) is { } v && TriggerParameter.TryBool(v, out var b) ? b : null;

    public long? Int(string name) =>
        String(name) is { } v && long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public double? Float(string name) =>
        String(name) is { } v && double.TryParse(v.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public IReadOnlyList<string> List(string name) => String(name) is { } v ? TriggerParameter.SplitList(v) : [];
}
