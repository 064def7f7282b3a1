using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Dockerfile;

public sealed class NoDockerfileProvidedTrigger : Trigger
{
    public override string Name => "no_dockerfile_provided";
    public override string Description => "Triggers if anchore analysis was performed without supplying the actual image Dockerfile.";
    public override string MessageTemplate => "Image was not analyzed with an actual Dockerfile";
    public override string Remediation => "Pass the Dockerfile the image was built from (tollgate check --dockerfile FILE).";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (!PreparedDockerfile.For(context).IsActual)
        {
            yield return new TriggerFire(MessageTemplate) { Subject = "dockerfile" };
        }
    }
}
