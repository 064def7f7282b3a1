using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.RetrievedFiles;

public sealed class ContentNotAvailableTrigger : Trigger
{
    public override string Name => "content_not_available";
    public override string Description => "Triggers if the specified file is not present/stored in the evaluated image.";
    public override string MessageTemplate => "Cannot locate file in the image analysis";
    public override string Remediation => "Make sure the file exists in the image at that path.";
    public override IReadOnlyList<TriggerParameter> Parameters { get; } = [RetrievedFilesGate.PathParameter];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var path = args.String("path")!;
        if (!context.Input.RetrievedFiles.ContainsKey(path))
        {
            yield return new TriggerFire(MessageTemplate) { Subject = path, Path = path };
        }
    }
}
