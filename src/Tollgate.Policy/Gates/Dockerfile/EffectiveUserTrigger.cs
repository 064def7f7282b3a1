using System.Text.RegularExpressions;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Dockerfile;

public sealed partial class EffectiveUserTrigger : Trigger
{
    private const string Denied = "User {0} found as effective user, which is explicity not allowed list";

    public override string Name => "effective_user";
    public override string Description => "Checks if the effective user matches the provided user names and fires based on the allowed parameter. If allowed=true, the rule behaves as a whitelist, otherwise acts as a blacklist.";
    public override string MessageTemplate => "User {0} found as effective user, which is not on the allowed list";
    public override string Remediation => "Add a USER instruction naming a dedicated non-root account (e.g. USER 10001:10001).";
    public override ControlRefs Controls => ControlRefs.Of("AC-6(10)", "CCI-002235", "SRG-APP-000342-CTR-000775");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.List("users", "User names to check against as the effective user (last user entry) in the images history.", required: true, example: "root,docker"),
        TriggerParameter.OneOf("type", "How to treat the provided user names.", ["whitelist", "blacklist"], required: true),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (DockerfileGate.Usable(context, args) is not { } df || args.String("type") is not { } type)
        {
            yield break;
        }

        var lines = df.Get("USER");
        var last = (lines.Count > 0 ? lines[^1] : "USER root").Trim();
        var match = UserLine().Match(last);
        if (!match.Success)
        {
            yield break;
        }

        var user = match.Groups[1].Value;
        var listed = args.List("users").Contains(user);
        if (type == "whitelist" && !listed)
        {
            yield return new TriggerFire(Format(user)) { Subject = user };
        }
        else if (type == "blacklist" && listed)
        {
            yield return new TriggerFire(string.Format(System.Globalization.CultureInfo.InvariantCulture, Denied, user)) { Subject = user };
        }
    }

    [GeneratedRegex(@"\s*USER\s+\[?([^\]]+)\]?\s*")]
    private static partial Regex UserLine();
}
