using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.SecretScans;

public sealed class ContentRegexChecksTrigger : Trigger
{
    private const string NotFound = "Secret content search analyzer did not find regexp match in container: filename_regex={0} content_regex_name={1}";

    public override string Name => "content_regex_checks";
    public override string Description => "Triggers if the secret content search analyzer has found any matches with the configured and named regexes. Checks can be configured to trigger if a match is found or is not found (selected using match_type parameter).  Matches are filtered by the content_regex_name and filename_regex if they are set. The content_regex_name shoud be a value from the \"secret_search\" section of the analyzer_config.yaml.";
    public override string MessageTemplate => "Secret content search analyzer found regexp match in container: file={0} regexp={1}";
    public override string Remediation => "Remove the credential from the image (and from every layer: delete it in the layer that adds it, or rebuild), then rotate it.";
    public override ControlRefs Controls => ControlRefs.Of("IA-5(7)", "CCI-002367");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.Str("content_regex_name", "Name of content regexps configured in the analyzer that match if found in the image, instead of matching all. Names available by default are: ['AWS_ACCESS_KEY', 'AWS_SECRET_KEY', 'PRIV_KEY', 'DOCKER_AUTH', 'API_KEY'].", example: "AWS_ACCESS_KEY"),
        TriggerParameter.Pattern("filename_regex", "Regexp to filter the content matched files by.", example: "/etc/.*"),
        TriggerParameter.OneOf("match_type", "Set to define the type of match - trigger if match is found (default) or not found.", ["notfound", "found"]) with { Example = "found" },
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var nameFilter = args.String("content_regex_name");
        var fileFilter = args.String("filename_regex");
        var matchType = args.String("match_type") ?? "found";
        var any = false;
        var seen = new HashSet<(string, string)>();
        foreach (var secret in context.Analysis.Secrets.Where(s => s.Kind == "file"))
        {
            if (!string.IsNullOrEmpty(fileFilter) && !PyRegex.Match(fileFilter, secret.Where))
            {
                continue;
            }

            var decoded = SecretScansGate.AnalyzerString(secret.RuleId);
            if (!Selected(decoded, nameFilter) || !seen.Add((secret.Where, decoded)))
            {
                continue;
            }

            any = true;
            if (matchType == "found")
            {
                yield return new TriggerFire(Format(secret.Where, decoded))
                {
                    Subject = secret.Where + "#" + secret.RuleId,
                    Path = secret.Where,
                    Layer = secret.Layer,
                };
            }
        }

        if (!any && matchType == "notfound")
        {
            yield return new TriggerFire(string.Format(System.Globalization.CultureInfo.InvariantCulture, NotFound,
                string.IsNullOrEmpty(fileFilter) ? "*" : fileFilter, string.IsNullOrEmpty(nameFilter) ? "all" : nameFilter)) { Subject = "notfound" };
        }
    }

    /// <summary>
    /// Anchore tests the filter with Python's `in` on the filter string, so a regex name (or the regex itself)
    /// selects when it is a substring of the filter.
    /// </summary>
    private static bool Selected(string decoded, string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return true;
        }

        var eq = decoded.IndexOf('=');
        var name = eq < 0 ? null : decoded[..eq];
        var regex = eq < 0 ? decoded : decoded[(eq + 1)..];
        return filter.Contains(regex, StringComparison.Ordinal) || (name is { Length: > 0 } && filter.Contains(name, StringComparison.Ordinal));
    }
}
