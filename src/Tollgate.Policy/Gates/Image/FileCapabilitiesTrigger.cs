using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class FileCapabilitiesTrigger : Trigger
{
    public override string Name => "file_capabilities";
    public override string Description => "Fires for each file carrying Linux file capabilities (security.capability).";
    public override string MessageTemplate => "File {0} has capabilities {1}";
    public override string Remediation => "Drop the capability (setcap -r) unless the service needs it; grant it at run time instead.";
    public override ControlRefs Controls => ControlRefs.Of("CM-7 a", "CCI-000381", "SRG-APP-000141-CTR-000315");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var f in Files.FilesGate.Squashed(context).Where(f => !string.IsNullOrEmpty(f.Capabilities)))
        {
            yield return new TriggerFire(Format(f.Path, f.Capabilities)) { Subject = f.Path, Path = f.Path, Layer = f.Layer };
        }
    }
}
