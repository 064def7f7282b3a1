using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates.PasswdFile;

namespace Tollgate.Policy.Gates.Image;

public sealed class RunsAsRootTrigger : Trigger
{
    public override string Name => "runs_as_root";
    public override string Description => "Fires when the image's configured user is root: no USER, root, 0, 0:*, or a name whose UID is 0 in /etc/passwd.";
    public override string MessageTemplate => "Image runs as root (configured user '{0}')";
    public override string Remediation => "Create a dedicated account and end the Dockerfile with USER <uid>:<gid> (numeric, non-zero).";
    public override ControlRefs Controls => ControlRefs.Of("AC-6(10)", "CCI-002235", "SRG-APP-000342-CTR-000775");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var user = context.Analysis.Image.Config.User ?? "";
        if (IsRoot(context, user))
        {
            yield return new TriggerFire(Format(user)) { Subject = user.Length == 0 ? "root" : user };
        }
    }

    public static bool IsRoot(TriggerContext context, string configured)
    {
        if (context.Analysis.Facts is { RunsAsRoot: true })
        {
            return true;
        }

        var name = configured.Split(':')[0].Trim();
        if (name is "" or "root" or "0")
        {
            return true;
        }

        if (name.All(char.IsAsciiDigit))
        {
            return false;
        }

        var entries = PasswdFileGate.Entries(context);
        if (entries.TryGetValue(name, out var rest))
        {
            return rest.ElementAtOrDefault(1) == "0";
        }

        return context.Analysis.Accounts?.Users.Any(u => u.Name == name && u.Uid == 0) ?? false;
    }
}
