using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates.Dockerfile;

namespace Tollgate.Policy.Gates.Files;

public sealed class NameMatchTrigger : Trigger
{
    public override string Name => "name_match";
    public override string Description => "Triggers if a file exists in the container that has a filename that matches the provided regex. This does have a performance impact on policy evaluation.";
    public override string MessageTemplate => "Application of regex matched file found in container: file={0} regexp={1}";
    public override string Remediation => "Remove the file from the image (delete it in the same layer that creates it).";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
        [TriggerParameter.Pattern("regex", "Regex to apply to file names for match.", required: true, example: @".*\.pem")];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var regex = args.String("regex")!;
        foreach (var file in FilesGate.Squashed(context))
        {
            if (InstructionTrigger.PyMatch(regex, file.Path))
            {
                yield return new TriggerFire(Format(file.Path, regex)) { Subject = file.Path, Path = file.Path, Layer = file.Layer };
            }
        }
    }
}
