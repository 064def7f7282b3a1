using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Dockerfile;

public sealed class InstructionTrigger : Trigger
{
    public static readonly IReadOnlyList<string> Directives =
        ["ADD", "ARG", "COPY", "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "USER", "RUN", "SHELL", "STOPSIGNAL", "VOLUME", "WORKDIR"];

    public static readonly IReadOnlyList<string> Checks = ["=", "!=", "exists", "not_exists", "like", "not_like", "in", "not_in"];

    private const string NotFound = "Dockerfile directive '{0}' not found, matching condition '{1}' check";

    public override string Name => "instruction";
    public override string Description => "Triggers if any directives in the list are found to match the described condition in the dockerfile.";
    public override string MessageTemplate => "Dockerfile directive '{0}' check '{1}' matched against '{2}' for line '{3}'";
    public override string Remediation => "Change the Dockerfile instruction so it no longer matches the check (or add the missing instruction).";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.OneOf("instruction", "The Dockerfile instruction to check.", Directives, required: true),
        TriggerParameter.OneOf("check", "The type of check to perform.", Checks, required: true),
        TriggerParameter.Str("value", "The value to check the dockerfile instruction against.", example: "scratch"),
        DockerfileGate.ActualDockerfileOnly,
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (DockerfileGate.Usable(context, args) is not { } df)
        {
            yield break;
        }

        var directive = args.String("instruction");
        var check = args.String("check");
        var value = args.String("value");
        if (directive is null || check is null || (check is not ("exists" or "not_exists") && value is null))
        {
            yield break;
        }

        foreach (var line in df.Get(directive))
        {
            var argument = line[directive.Length..].Trim();
            if (Matches(check, argument, value))
            {
                yield return new TriggerFire(Format(directive, check, value ?? "", argument)) { Subject = $"{directive} {argument}" };
            }
        }

        if (check == "not_exists" && !df.Lines.ContainsKey(directive))
        {
            yield return new TriggerFire(string.Format(System.Globalization.CultureInfo.InvariantCulture, NotFound, directive, check)) { Subject = directive };
        }
    }

    /// <summary>Anchore's operators: like is Python re.match (anchored at the start only); in is a comma list.</summary>
    public static bool Matches(string check, string actual, string? expected) => check switch
    {
        "=" => actual == expected,
        "!=" => actual != expected,
        "exists" => true,
        "like" => PyMatch(expected!, actual),
        "not_like" => !PyMatch(expected!, actual),
        "in" => TriggerParameter.SplitList(expected!).Contains(actual),
        "not_in" => !TriggerParameter.SplitList(expected!).Contains(actual),
        _ => false,
    };

    /// <summary>Python's re.match: a match that starts at position 0.</summary>
    public static bool PyMatch(string pattern, string input) => PyRegex.Match(pattern, input);
}
