using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PasswdFile;

public sealed class ContentNotAvailableTrigger : Trigger
{
    public override string Name => "content_not_available";
    public override string Description => "Triggers if the /etc/passwd file is not present/stored in the evaluated image.";
    public override string MessageTemplate => "Cannot locate /etc/passwd in image stored files archive: check analyzer settings.";
    public override string Remediation => "Make sure the image has an /etc/passwd (distroless images: add one naming the runtime user).";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (PasswdFileGate.Entries(context).Count == 0)
        {
            yield return new TriggerFire(MessageTemplate) { Subject = "/etc/passwd" };
        }
    }
}
