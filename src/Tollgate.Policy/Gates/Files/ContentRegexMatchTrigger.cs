using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Files;

public sealed class ContentRegexMatchTrigger : Trigger
{
    public override string Name => "content_regex_match";
    public override string Description => "Triggers for each file where the content search analyzer has found a match using configured regexes in the analyzer_config.yaml \"content_search\" section. If the parameter is set, the trigger will only fire for files that matched the named regex. Refer to your analyzer_config.yaml for the regex values.";
    public override string MessageTemplate => "File content analyzer found regexp match in container: file={0} regexp={1}";
    public override string Remediation => "Remove or rewrite the matching content.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
        [TriggerParameter.Str("regex_name", "Regex string that also appears in the FILECHECK_CONTENTMATCH analyzer parameter in analyzer configuration, to limit the check to. If set, will only fire trigger when the specific named regex was found in a file.", example: ".*password.*")];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var wanted = args.String("regex_name");
        foreach (var (file, regexps) in context.Input.ContentMatches)
        {
            foreach (var decoded in regexps)
            {
                if (NamedRegex.Selected(decoded, wanted))
                {
                    yield return new TriggerFire(Format(file, decoded)) { Subject = file + "#" + decoded, Path = file };
                }
            }
        }
    }
}

/// <summary>Analyzer regexes are stored as "NAME=regex"; a filter may name either part.</summary>
public static class NamedRegex
{
    public static bool Selected(string decoded, string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return true;
        }

        var eq = decoded.IndexOf('=');
        var name = eq < 0 ? null : decoded[..eq];
        var regex = eq < 0 ? decoded : decoded[(eq + 1)..];
        return regex == filter || name == filter;
    }
}
