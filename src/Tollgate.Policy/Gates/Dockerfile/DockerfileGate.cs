namespace Tollgate.Policy.Gates.Dockerfile;

public sealed class DockerfileGate : Gate
{
    public override string Name => "dockerfile";
    public override string Description => "Checks against the content of a dockerfile if provided, or a guessed dockerfile based on docker layer history if the dockerfile is not provided.";

    public override IReadOnlyList<Trigger> Triggers { get; } =
        [new InstructionTrigger(), new EffectiveUserTrigger(), new ExposedPortsTrigger(), new NoDockerfileProvidedTrigger()];

    internal static readonly TriggerParameter ActualDockerfileOnly = TriggerParameter.Bool(
        "actual_dockerfile_only",
        "Only evaluate against a user-provided dockerfile, skip evaluation on inferred/guessed dockerfiles. Default is False.");

    /// <summary>Anchore skips dockerfile checks when there is no Dockerfile, and on guessed ones when asked to.</summary>
    internal static PreparedDockerfile? Usable(Evaluator.TriggerContext context, RuleArguments args, bool actualOnly = false)
    {
        var df = PreparedDockerfile.For(context);
        if (df.Mode is null)
        {
            return null;
        }

        return (actualOnly || args.Bool("actual_dockerfile_only") == true) && !df.IsActual ? null : df;
    }
}
