using System.Globalization;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class PrivilegedPortsTrigger : Trigger
{
    public override string Name => "privileged_ports";
    public override string Description => "Fires for each port the image config exposes below max_port (privileged ports need root or CAP_NET_BIND_SERVICE).";
    public override string MessageTemplate => "Image exposes privileged port {0} (below {1})";
    public override string Remediation => "Listen on a port of 1024 or above (e.g. 8080) and map it at the service or ingress.";
    public override ControlRefs Controls => ControlRefs.Of("CM-7(1)(b)", "CCI-001762", "SRG-APP-000142-CTR-000330");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
        [TriggerParameter.Int("max_port", "Ports below this number are privileged.", example: "1024") with { Default = "1024" }];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var max = args.Int("max_port") ?? 1024;
        foreach (var exposed in context.Analysis.Image.Config.ExposedPorts)
        {
            if (int.TryParse(exposed.Split('/')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port < max)
            {
                yield return new TriggerFire(Format(exposed, max)) { Subject = exposed };
            }
        }
    }
}
