using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.RetrievedFiles;

public sealed class ContentRegexTrigger : Trigger
{
    public override string Name => "content_regex";
    public override string Description => "Evaluation of regex on retrieved file content";
    public override string MessageTemplate => "Content regex '{0}' check '{1}' found in retrieved file '{2}'";
    public override string Remediation => "Change the file's content so the check passes.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        RetrievedFilesGate.PathParameter,
        TriggerParameter.Pattern("regex", "The regex to evaluate against the content of the file", required: true, example: ".*SSlEnabled.*"),
        TriggerParameter.OneOf("check", "The type of check to perform with the regex", ["match", "no_match"], required: true),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var path = args.String("path")!;
        var regex = args.String("regex")!;
        var check = args.String("check")!;
        if (context.Input.RetrievedFiles.Count == 0 || !context.Input.RetrievedFiles.TryGetValue(path, out var content))
        {
            yield break;
        }

        // Anchore matches the regex at the start of every whitespace-separated token.
        var found = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(token => PyRegex.Match(regex, token));
        if (found == (check == "match"))
        {
            yield return new TriggerFire(Format(regex, check, path)) { InstanceId = $"{context.RuleId}+file://{path}", Subject = path, Path = path };
        }
    }
}
