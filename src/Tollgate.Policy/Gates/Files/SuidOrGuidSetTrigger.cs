using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Files;

public sealed class SuidOrGuidSetTrigger : Trigger
{
    public override string Name => "suid_or_guid_set";
    public override string Description => "Fires for each file found to have suid or sgid bit set.";
    public override string MessageTemplate => "SUID or SGID found set on file {0}. Mode: {1}";
    public override string Remediation => "Remove the bits in the Dockerfile: RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + (allowlist only what the service needs).";
    public override ControlRefs Controls => ControlRefs.Of("AC-6(10)", "CCI-002235", "SRG-APP-000342-CTR-000775");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var file in FilesGate.Squashed(context))
        {
            // S_ISUID | S_ISGID
            if ((file.Mode & 0xC00) != 0)
            {
                yield return new TriggerFire(Format(file.Path, FilesGate.PyOct(FilesGate.StMode(file))))
                {
                    Subject = file.Path,
                    Path = file.Path,
                    Layer = file.Layer,
                };
            }
        }
    }
}
