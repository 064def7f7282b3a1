namespace Tollgate.Analysis.Secrets;

/// <summary>
/// The default rule set. Patterns follow the public formats of each credential (gitleaks' and trufflehog's rule
/// descriptions, see docs/secrets.md); order is priority: when two rules match overlapping text in one file,
/// only the earlier rule reports it, so specific rules come before generic ones.
/// </summary>
public static class BuiltInSecretRules
{
    // Ends a token: a quote, whitespace, ';', an escaped newline, or the end of the text.
    private const string End = """(?:[\x60'"\s;,]|\\[nr]|$)""";

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        new()
        {
            Id = "aws-access-key-id", Title = "AWS access key id", Severity = "high",
            Keywords = ["akia", "asia", "abia", "acca", "a3t"],
            Pattern = @"\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
            MinEntropy = 3, ValueAllow = ["EXAMPLE$"],
        },
        new()
        {
            Id = "aws-secret-access-key", Title = "AWS secret access key", Severity = "critical",
            Keywords = ["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret"],
            Pattern = @"(?i)aws[_.-]?secret[_.-]?(?:access[_.-]?)?key[""']?\s*(?::|=|=>)\s*[""']?(?<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)",
            MinEntropy = 3.5, ValueAllow = ["EXAMPLE"],
        },
        new()
        {
            Id = "gcp-service-account", Title = "GCP service account key file", Severity = "critical",
            Keywords = ["private_key_id"], RequiresAll = ["service_account", "private_key\""],
            Pattern = """
                "private_key_id"\s*:\s*"(?<secret>[0-9a-f]{16,64})"
                """,
            Supersedes = ["private-key"],
        },
        new()
        {
            Id = "private-key", Title = "Private key", Severity = "critical",
            Keywords = ["-----begin"], SpansLines = true,
            Pattern = @"(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\s*(?<secret>[\s\S-]{64,}?)KEY(?: BLOCK)?-----",
        },
        Token("github-pat", "GitHub personal access token", "critical", ["ghp_"],
            @"\b(?<secret>ghp_[0-9a-zA-Z]{36})\b"),
        Token("github-fine-grained-pat", "GitHub fine-grained personal access token", "critical", ["github_pat_"],
            @"\b(?<secret>github_pat_\w{82})\b"),
        Token("github-oauth", "GitHub OAuth access token", "critical", ["gho_"],
            @"\b(?<secret>gho_[0-9a-zA-Z]{36})\b"),
        Token("github-app-token", "GitHub app token", "critical", ["ghu_", "ghs_"],
            @"\b(?<secret>(?:ghu|ghs)_[0-9a-zA-Z]{36})\b"),
        Token("github-refresh-token", "GitHub refresh token", "critical", ["ghr_"],
            @"\b(?<secret>ghr_[0-9a-zA-Z]{36,76})\b"),
        Token("gitlab-pat", "GitLab personal access token", "critical", ["glpat-"],
            @"(?<secret>glpat-[\w-]{20,})"),
        Token("gitlab-runner-token", "GitLab runner authentication token", "high", ["glrt-"],
            @"(?<secret>glrt-[\w-]{20,})"),
        Token("slack-bot-token", "Slack bot token", "high", ["xoxb-"],
            @"(?<secret>xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*)"),
        Token("slack-token", "Slack user, app or legacy token", "high", ["xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe-", "xoxo-"],
            @"(?<secret>xox[aprseo]-(?:[0-9]{1,13}-){1,3}[a-zA-Z0-9-]{10,64})"),
        new()
        {
            Id = "slack-webhook-url", Title = "Slack incoming webhook URL", Severity = "medium",
            Keywords = ["hooks.slack.com"],
            Pattern = @"hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9+/]{43,56})",
        },
        Token("stripe-secret-key", "Stripe live secret or restricted key", "critical", ["sk_live_", "rk_live_", "sk_prod_", "rk_prod_"],
            @"\b(?<secret>(?:sk|rk)_(?:live|prod)_[a-zA-Z0-9]{10,99})" + End, minEntropy: 2),
        Token("npm-token", "npm access token", "critical", ["npm_"],
            @"(?i)\b(?<secret>npm_[a-z0-9]{36})" + End, minEntropy: 2),
        Token("pypi-token", "PyPI upload token", "critical", ["pypi-ageichlwas5vcmc"],
            @"(?<secret>pypi-AgEIcHlwaS5vcmc[\w-]{50,1000})"),
        new()
        {
            Id = "jwt", Title = "JSON Web Token", Severity = "medium",
            Keywords = ["eyj"],
            Pattern = @"\b(?<secret>ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?)" + End,
            MinEntropy = 3,
        },
        Token("gcp-api-key", "Google API key", "high", ["aiza"],
            @"\b(?<secret>AIza[\w-]{35})" + End, minEntropy: 4),
        new()
        {
            Id = "azure-storage-key", Title = "Azure storage account key or connection string", Severity = "critical",
            Keywords = ["accountkey", "account_key", "storage_key", "storagekey", "access_key", "accesskey"],
            Pattern = @"(?i)(?:Account|Storage|Access)[_.-]?Key[""']?\s*(?::|=)\s*[""']?(?<secret>[A-Za-z0-9+/]{86}==)",
            MinEntropy = 4,
            // The storage emulator's well-known key (documented by Microsoft, not a secret).
            ValueAllow = ["^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==$"],
        },
        Token("azure-sas-key", "Azure shared access key (Service Bus, Event Hubs)", "high", ["sharedaccesskey="],
            @"(?i)SharedAccessKey=(?<secret>[A-Za-z0-9+/]{42,44}={0,2})", minEntropy: 4),
        new()
        {
            Id = "azure-ad-client-secret", Title = "Azure AD client secret", Severity = "high",
            Keywords = ["q~"],
            Pattern = """(?:^|[\\'"\x60\s>=:(,)])(?<secret>[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"\x60\s<),])""",
            MinEntropy = 3,
        },
        new()
        {
            Id = "docker-config-auth", Title = "Docker registry credentials (config.json auths)", Severity = "high",
            Keywords = ["\"auth\""], RequiresAll = ["\"auths\""],
            Pattern = """
                "auth"\s*:\s*"(?<secret>[A-Za-z0-9+/=]{8,})"
                """,
        },
        new()
        {
            Id = "netrc-password", Title = ".netrc password", Severity = "high",
            Keywords = ["password"], PathPattern = @"(?:^|/)[._]netrc$",
            Pattern = @"\bpassword\s+(?<secret>\S+)",
        },
        new()
        {
            Id = "git-credentials", Title = "Git credential store entry", Severity = "high",
            Keywords = ["@"], PathPattern = @"(?:^|/)\.git-credentials$",
            Pattern = @"[a-zA-Z][a-zA-Z0-9+.-]*://[^:@\s/]*:(?<secret>[^@\s]+)@",
        },
        new()
        {
            Id = "npmrc-auth-token", Title = ".npmrc registry credentials", Severity = "high",
            Keywords = ["_authtoken", "_auth", "_password"], PathPattern = @"(?:^|/)\.?npmrc$",
            Pattern = @"(?m)(?:_authToken|_auth|_password)\s*=\s*[""']?(?<secret>[^\s""'$][^\s""']*)",
        },
        new()
        {
            Id = "pypirc-password", Title = ".pypirc password", Severity = "high",
            Keywords = ["password"], PathPattern = @"(?:^|/)\.pypirc$",
            Pattern = @"(?m)^[ \t]*password[ \t]*[:=][ \t]*(?<secret>\S+)",
        },
        new()
        {
            Id = "kubeconfig-client-key", Title = "Kubernetes client key in a kubeconfig", Severity = "critical",
            Keywords = ["client-key-data"], Pattern = @"client-key-data:\s*[""']?(?<secret>[A-Za-z0-9+/=]{40,})",
        },
        new()
        {
            Id = "kubeconfig-token", Title = "Kubernetes bearer token in a kubeconfig", Severity = "high",
            Keywords = ["token"], RequiresAll = ["users"],
            PathPattern = @"(?i)(?:^|/)(?:\.kube/config|[^/]*kubeconfig[^/]*|(?:admin|kubelet|controller-manager|scheduler)\.conf)$",
            Pattern = @"(?m)^[ \t-]*token:[ \t]*[""']?(?<secret>[A-Za-z0-9._~+/=-]{16,})",
        },
        new()
        {
            Id = "generic-password", Title = "Password or secret assigned in configuration", Severity = "medium",
            Keywords = ["pass", "pwd", "secret", "token", "api_key", "apikey", "api-key", "private_key"],
            Pattern = """(?i)\b[\w.-]{0,30}(?:passw(?:or)?d|pwd|secret|api[_-]?key|auth[_-]?token|access[_-]?token|private[_-]?key)[\w-]{0,10}["']?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}["']?(?<secret>[^\s"'`;,<>(){}\[\]]{8,100})["']?(?:[\s;,]|$)""",
            MinEntropy = 3,
            // Variable names and references (password = password_field, secret: ${SECRET}) are not values.
            ValueAllow = [@"^[a-zA-Z_.-]+$", @"^\$", @"^%", @"^\*+$", @"(?i)^(?:true|false|null|none|nil|undefined)$", @"(?i)^(?:re)?quired", @"^\\"],
        },
        new()
        {
            Id = "env-password", Title = "Credential in an environment variable, label or build argument", Severity = "high",
            ConfigOnly = true,
            Pattern = @"(?i)^[A-Z0-9_.-]*(?:PASS|PASSWD|PASSWORD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(?:_[A-Z0-9]+)*=(?<secret>.{4,})$",
            // A file or directory of secrets mounted at run time names where the secret is, it is not one.
            ValueAllow = ["^/", @"(?i)^(?:true|false|yes|no|none|null|0|1)$"],
        },
    ];

    /// <summary>A vendor token recognised by its own prefix and alphabet: keywords, one pattern and an entropy floor.</summary>
    private static SecretRule Token(string id, string title, string severity, IReadOnlyList<string> keywords, string pattern, double minEntropy = 3) =>
        new() { Id = id, Title = title, Severity = severity, Keywords = keywords, Pattern = pattern, MinEntropy = minEntropy };
}
