namespace Tollgate.Policy.Gates.SecretScans;

public sealed class SecretScansGate : Gate
{
    public override string Name => "secret_scans";
    public override string Description => "Checks for secrets and content found in the image using configured regexes found in the \"secret_search\" section of analyzer_config.yaml.";
    public override IReadOnlyList<Trigger> Triggers { get; } = [new ContentRegexChecksTrigger()];

    /// <summary>
    /// Anchore's default secret_search regexes ("NAME=regex" is what its messages and ids print). A finding whose
    /// rule is one of these names is reported with Anchore's exact string, so allowlisted ids keep matching.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AnchoreRegexes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["AWS_ACCESS_KEY"] = @"AWS_ACCESS_KEY=(?i).*aws_access_key_id( *=+ *).*(?<![A-Z0-9])[A-Z0-9]{20}(?![A-Z0-9]).*",
        ["AWS_SECRET_KEY"] = @"AWS_SECRET_KEY=(?i).*aws_secret_access_key( *=+ *).*(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=]).*",
        ["PRIV_KEY"] = @"PRIV_KEY=(?i)-+BEGIN(.*)PRIVATE KEY-+",
        ["DOCKER_AUTH"] = @"DOCKER_AUTH=(?i).*""auth"": *"".+""",
        ["API_KEY"] = @"API_KEY=(?i).*api(-|_)key( *=+ *).*(?<![A-Z0-9])[A-Z0-9]{20,60}(?![A-Z0-9]).*",
    };

    /// <summary>The analyzer string for a finding's rule: Anchore's "NAME=regex" when it is one of Anchore's, else the rule id.</summary>
    public static string AnalyzerString(string ruleId)
    {
        var name = SameAs.GetValueOrDefault(ruleId, ruleId.Replace('-', '_'));
        return AnchoreRegexes.TryGetValue(name, out var s) ? s : ruleId;
    }

    /// <summary>Our (gitleaks-named) rules that find what one of Anchore's regexes finds.</summary>
    private static readonly IReadOnlyDictionary<string, string> SameAs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["private-key"] = "PRIV_KEY",
        ["aws-access-token"] = "AWS_ACCESS_KEY",
        ["aws-secret-access-key"] = "AWS_SECRET_KEY",
        ["docker-config-auth"] = "DOCKER_AUTH",
    };
}
