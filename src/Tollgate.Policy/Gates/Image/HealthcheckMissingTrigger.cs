using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class HealthcheckMissingTrigger : Trigger
{
    public override string Name => "healthcheck_missing";
    public override string Description => "Fires when the image config has no HEALTHCHECK (or HEALTHCHECK NONE). OCI-format images cannot carry one, which the message says.";
    public override string MessageTemplate => "Image has no HEALTHCHECK{0}";
    public override string Remediation => "Add a HEALTHCHECK instruction (Docker image format), or for OCI images record a waiver and define Kubernetes liveness/readiness probes.";
    public override ControlRefs Controls => ControlRefs.Of("SC-5", "CCI-002385");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var hc = context.Analysis.Image.Config.Healthcheck;
        if (hc is { Test.Count: > 0 } && hc.Test[0] != "NONE")
        {
            yield break;
        }

        var oci = context.Analysis.Image.ManifestMediaType?.Contains("oci", StringComparison.OrdinalIgnoreCase) == true;
        var note = hc is not null ? " (disabled with HEALTHCHECK NONE)"
            : oci ? " (OCI image format cannot carry HEALTHCHECK: build in Docker format or waive and use Kubernetes probes)" : "";
        yield return new TriggerFire(Format(note)) { Subject = "healthcheck" };
    }
}
