using Tollgate.Analysis.Model;

namespace Tollgate.Policy.Evaluator;

/// <summary>
/// One evaluation's view of the input, with data each gate prepares once (Anchore's prepare_context) and the
/// clock, so every trigger of a bundle shares the same parsed Dockerfile, file map and passwd entries.
/// </summary>
public sealed class TriggerContext(PolicyInput input, DateTimeOffset now)
{
    private readonly Dictionary<string, object> _prepared = new(StringComparer.Ordinal);

    public PolicyInput Input { get; } = input;
    public ImageAnalysis Analysis => Input.Analysis;
    public DateTimeOffset Now { get; } = now;

    /// <summary>Id of the rule being evaluated (retrieved_files ids embed it).</summary>
    public string RuleId { get; internal set; } = "";

    /// <summary>Computes a gate's prepared data on first use and keeps it for the rest of the evaluation.</summary>
    public T Prepared<T>(string key, Func<TriggerContext, T> prepare)
        where T : notnull
    {
        if (!_prepared.TryGetValue(key, out var value))
        {
            value = prepare(this);
            _prepared[key] = value;
        }

        return (T)value;
    }
}
