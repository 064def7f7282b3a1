using System.Globalization;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates;

public enum LifecycleState
{
    Active,

    /// <summary>End of life: parses, is rejected by strict validation, does nothing at evaluation.</summary>
    Eol,
}

/// <summary>
/// One trigger of a gate, declared once: name, description, message, typed parameters, remediation and
/// default controls. Evaluation yields one <see cref="TriggerFire"/> per match, as Anchore's _fire does.
/// </summary>
public abstract class Trigger
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>The message as Anchore formats it ({0}, {1} … in the order the trigger fills them).</summary>
    public abstract string MessageTemplate { get; }

    public virtual IReadOnlyList<TriggerParameter> Parameters => [];
    public virtual IReadOnlyList<string> Aliases => [];
    public virtual LifecycleState State => LifecycleState.Active;

    /// <summary>What to do when it fires; packs may override per rule.</summary>
    public virtual string Remediation => "Review the finding and change the image or the policy.";

    /// <summary>Controls this check supports whatever the pack (packs may add more per rule).</summary>
    public virtual ControlRefs Controls => ControlRefs.None;

    /// <summary>The gate that lists this trigger (set by the registry).</summary>
    public Gate Gate { get; internal set; } = null!;

    public abstract IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args);

    /// <summary>Problems that involve several parameters together, as (parameter, problem).</summary>
    public virtual IEnumerable<(string Parameter, string Problem)> CheckCombination(RuleArguments args) => [];

    public TriggerParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Answers(name));

    public bool Answers(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
        || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    protected string Format(params object?[] values) => string.Format(CultureInfo.InvariantCulture, MessageTemplate, values);
}

/// <summary>One match of a trigger: Anchore's message and instance id, plus what our own reports need.</summary>
public sealed record TriggerFire(string Message)
{
    /// <summary>Anchore's explicit instance id (CVE+pkg, always, …); null means md5(gate + trigger + message).</summary>
    public string? InstanceId { get; init; }

    /// <summary>What the finding is about, stable across message wording ("/usr/bin/chage", "CVE-1+openssl@1.0").</summary>
    public string? Subject { get; init; }

    public string? Path { get; init; }
    public int? Layer { get; init; }
    public string? PackageName { get; init; }
    public string? PackageVersion { get; init; }
}

/// <summary>NIST SP 800-53 controls, DISA CCIs, Container Platform SRG ids and other references (CIS, DoD guide §).</summary>
public sealed record ControlRefs
{
    public static readonly ControlRefs None = new();

    public IReadOnlyList<string> Nist { get; init; } = [];
    public IReadOnlyList<string> Cci { get; init; } = [];
    public IReadOnlyList<string> Srg { get; init; } = [];
    public IReadOnlyList<string> References { get; init; } = [];

    public bool IsEmpty => Nist.Count == 0 && Cci.Count == 0 && Srg.Count == 0 && References.Count == 0;

    public static ControlRefs Of(string nist, string cci, string? srg = null) =>
        new() { Nist = [nist], Cci = [cci], Srg = srg is null ? [] : [srg] };

    /// <summary>Rule-level refs win where given; the trigger's defaults fill the rest.</summary>
    public ControlRefs Or(ControlRefs fallback) => new()
    {
        Nist = Nist.Count > 0 ? Nist : fallback.Nist,
        Cci = Cci.Count > 0 ? Cci : fallback.Cci,
        Srg = Srg.Count > 0 ? Srg : fallback.Srg,
        References = References.Count > 0 ? References : fallback.References,
    };
}
