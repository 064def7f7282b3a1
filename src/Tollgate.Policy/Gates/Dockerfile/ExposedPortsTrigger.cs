using System.Text.RegularExpressions;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Dockerfile;

public sealed partial class ExposedPortsTrigger : Trigger
{
    public override string Name => "exposed_ports";
    public override string Description => "Evaluates the set of ports exposed. Allows configuring whitelist or blacklist behavior. If type=whitelist, then any ports found exposed that are not in the list will cause the trigger to fire. If type=blacklist, then any ports exposed that are in the list will cause the trigger to fire.";
    public override string MessageTemplate => "Dockerfile exposes port ({0}) which is in policy file DENIEDPORTS list";
    public override string Remediation => "Remove the EXPOSE of ports the service does not need (and never expose SSH).";
    public override ControlRefs Controls => ControlRefs.Of("CM-7(1)(b)", "CCI-001762", "SRG-APP-000142-CTR-000325");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.IntList("ports", "List of port numbers.", required: true, example: "80,8080,8088"),
        TriggerParameter.OneOf("type", "Whether to use port list as a whitelist or blacklist.", ["whitelist", "blacklist"], required: true),
        DockerfileGate.ActualDockerfileOnly,
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (DockerfileGate.Usable(context, args) is not { } df)
        {
            yield break;
        }

        var ports = args.List("ports").Select(p => long.Parse(p, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var allow = args.String("type") == "whitelist";
        foreach (var line in df.Get("EXPOSE"))
        {
            var m = ExposeLine().Match(line.Trim());
            if (!m.Success || m.Groups[2].Value.Length == 0)
            {
                continue;
            }

            var exposed = m.Groups[2].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
            if (!allow)
            {
                foreach (var p in ports)
                {
                    var hit = new[] { p, p + "/tcp", p + "/udp" }.FirstOrDefault(exposed.Contains);
                    if (hit is not null)
                    {
                        yield return new TriggerFire(Format(hit)) { Subject = hit };
                    }
                }

                continue;
            }

            exposed.RemoveAll(e => ports.Any(p => e == p || e == p + "/tcp" || e == p + "/udp"));
            foreach (var e in exposed)
            {
                yield return new TriggerFire($"Dockerfile exposes port ({e}) which is not in policy file ALLOWEDPORTS list") { Subject = e };
            }
        }
    }

    [GeneratedRegex(@"^\s*(EXPOSE|expose)\s+(.*)")]
    private static partial Regex ExposeLine();
}
