using System.Globalization;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PasswdFile;

/// <summary>
/// The five passwd deny-list triggers differ only in which field they compare and their wording, so one
/// declaration type serves them all (each instance is still its own named trigger in the registry).
/// </summary>
public sealed class PasswdDenyTrigger(string name, string description, string message, PasswdField field, TriggerParameter parameter, IReadOnlyList<string>? aliases = null) : Trigger
{
    public override string Name => name;
    public override string Description => description;
    public override string MessageTemplate => message;
    public override IReadOnlyList<string> Aliases => aliases ?? [];
    public override IReadOnlyList<TriggerParameter> Parameters { get; } = [parameter];
    public override string Remediation => "Remove the account (or change its shell to /usr/sbin/nologin) in the Dockerfile.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var entries = PasswdFileGate.Entries(context);
        if (entries.Count == 0)
        {
            yield break;
        }

        var denied = Denied(args);
        foreach (var (user, rest) in entries)
        {
            var full = string.Join(':', [user, .. rest]);
            var candidate = field switch
            {
                PasswdField.UserName => user,
                PasswdField.Uid => rest.ElementAtOrDefault(1),
                PasswdField.Gid => rest.ElementAtOrDefault(2),
                PasswdField.Shell => rest.ElementAtOrDefault(5),
                _ => full,
            };
            if (candidate is not null && denied.Contains(candidate))
            {
                yield return new TriggerFire(Format(candidate, full)) { Subject = full, Path = "/etc/passwd" };
            }
        }
    }

    private HashSet<string> Denied(RuleArguments args)
    {
        var raw = args.String(parameter.Name) ?? "";
        return parameter.Kind switch
        {
            // Number lists are parsed to ints by Anchore and compared as str(int).
            ParameterKind.CommaIntegerList => TriggerParameter.SplitList(raw)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).ToHashSet(),
            ParameterKind.CommaList => TriggerParameter.SplitList(raw).ToHashSet(),
            _ => [raw.Trim()],
        };
    }
}
