using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Gates.Vulnerabilities;

public sealed class BlacklistTrigger : Trigger
{
    public override string Name => "blacklist";
    public override string Description => "Triggers if any of a list of specified vulnerabilities has been detected in the image.";
    public override string MessageTemplate => "Blacklisted vulnerabilities detected: {0}";
    public override string Remediation => "Upgrade or remove the packages carrying the listed vulnerabilities.";
    public override ControlRefs Controls => VulnerabilitiesGate.VulnerabilityControls;

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.List("vulnerability_ids", "List of vulnerability IDs, will cause the trigger to fire if any are detected.", required: true, example: "CVE-2019-1234"),
        TriggerParameter.Bool("vendor_only", "If set to True, discard matches against this vulnerability if vendor has marked as will not fix in the vulnerability record."),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (context.Input.Vulnerabilities is not { } scan)
        {
            yield break;
        }

        var vendorOnly = args.Bool("vendor_only") ?? true;
        var found = args.List("vulnerability_ids")
            .Where(id => scan.Matches.Any(m => m.SuppressedBy is null && !(vendorOnly && m.FixState == FixStates.WontFix)
                                               && (m.Id == id || m.Aliases.Contains(id))))
            .ToList();
        if (found.Count > 0)
        {
            yield return new TriggerFire(Format(VulnerabilitiesGate.PyList(found))) { Subject = string.Join(",", found) };
        }
    }
}
