using Tollgate.Analysis.Model;
using Tollgate.Analysis.Secrets;
using Tollgate.Analysis.Tests.Support;
using Tollgate.Images.Model;
using Tollgate.TestSupport;
using static Tollgate.Analysis.Tests.Support.FakeSecrets;

namespace Tollgate.Analysis.Tests.Secrets;

public sealed class SecretsStepTests
{
    private static readonly SecretsStep Step = new();

    private static async Task<ImageAnalysis> Analyze(SyntheticImage image, AnalyzeOptions? options = null)
    {
        using var loaded = await image.LoadAsync(Step.Requests);
        return ImageAnalyzer.Analyze(loaded, options ?? new AnalyzeOptions(), [Step]);
    }

    [Fact]
    public async Task Every_planted_secret_is_found_with_rule_file_layer_and_line_and_is_redacted()
    {
        var planted = PlantedSecrets.Create();
        var image = new SyntheticImage().Layer();
        foreach (var p in planted.DistinctBy(p => p.Path))
        {
            image.File(p.Path, p.Text);
        }

        // Layer 1 deletes the AWS credentials: they still ship in layer 0 and must be reported as such.
        image.Layer().Delete("/root/.aws/credentials").File("/app/README.txt", "nothing secret here\n");
        var dbPassword = "Fake-" + Pick(Alnum, 16);
        image.Config = new OciRuntimeConfig { Env = ["PATH=/usr/local/bin:/usr/bin", $"DB_PASSWORD={dbPassword}", "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305"] };

        var secrets = (await Analyze(image)).Secrets;

        foreach (var p in planted)
        {
            var finding = secrets.SingleOrDefault(s => s.RuleId == p.Rule && s.Where == p.Path);
            Assert.True(finding is not null, $"{p.Rule} not found in {p.Path}; found: {string.Join(", ", secrets.Select(s => s.RuleId + "@" + s.Where))}");
            Assert.Equal("file", finding.Kind);
            Assert.Equal(0, finding.Layer);
            Assert.Equal(p.Line, finding.Line);
            Assert.Equal(p.Path == "/root/.aws/credentials", finding.DeletedInLaterLayer);
            Assert.EndsWith("***", finding.Redacted, StringComparison.Ordinal);
            Assert.True(finding.Redacted.Length <= 7, finding.Redacted);
            Assert.DoesNotContain(p.Secret[4..Math.Min(p.Secret.Length, 12)], finding.Redacted, StringComparison.Ordinal);
        }

        var env = Assert.Single(secrets, s => s.Kind == "env");
        Assert.Equal(("env-password", "DB_PASSWORD", "Fake***"), (env.RuleId, env.Where, env.Redacted));

        // Nothing beyond the planted ones: one finding per planted secret, plus the env entry.
        Assert.Equal(planted.Count + 1, secrets.Count);
    }

    [Fact]
    public void Every_built_in_rule_has_a_planted_example()
    {
        var planted = PlantedSecrets.Create().Select(p => p.Rule).Append("env-password").ToHashSet();
        Assert.All(BuiltInSecretRules.All, r => Assert.Contains(r.Id, planted));
    }

    [Fact]
    public async Task Placeholders_sample_keys_and_variable_names_are_not_reported()
    {
        var image = new SyntheticImage().Layer()
            .File("/root/.aws/credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
            .File("/app/settings.py", "PASSWORD = os.environ.get('PASSWORD')\npassword = password_field\nsecret_key = \"${SECRET_KEY}\"\napi_key: {{ .Values.apiKey }}\ntoken = \"xxxxxxxxxxxxxxxx\"\n")
            .File("/app/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n")
            .File("/etc/app.conf", "db_password = changeme-please\nadmin_password = aaaaaaaaaaaa\n");
        image.Config = new OciRuntimeConfig { Env = ["SECRET_FILE=/run/secrets/db", "PYTHON_GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", "PWD=/app"] };

        Assert.Empty((await Analyze(image)).Secrets);
    }

    [Fact]
    public async Task Os_package_files_under_usr_are_skipped_unless_asked()
    {
        // dpkg's demo package owns a file under /usr/lib and one under /etc, both holding a token; /usr/local/lib holds
        // an unowned copy. Only the /usr/lib one is the distribution's own content.
        var token = "ghp_" + Pick(Alnum, 36);
        var image = new SyntheticImage().Layer()
            .File("/var/lib/dpkg/status", "Package: demo\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: all\n\n")
            .File("/var/lib/dpkg/info/demo.list", "/usr/lib/demo/sample.rb\n/etc/demo.conf\n")
            .File("/usr/lib/demo/sample.rb", $"TOKEN = \"{token}\"\n")
            .File("/etc/demo.conf", $"token={token}\n")
            .File("/usr/local/lib/demo/sample.rb", $"TOKEN = \"{token}\"\n");
        var requests = Pipeline.AnalysisPipeline.Steps.SelectMany(s => s.Requests).ToList();

        using (var loaded = await image.LoadAsync(requests))
        {
            var found = ImageAnalyzer.Analyze(loaded, new AnalyzeOptions()).Secrets.Select(f => f.Where).Order(StringComparer.Ordinal);
            Assert.Equal(["/etc/demo.conf", "/usr/local/lib/demo/sample.rb"], found);
        }

        using (var loaded = await image.LoadAsync(requests))
        {
            var options = new AnalyzeOptions { Secrets = new SecretScanOptions { ScanOsPackageFiles = true } };
            Assert.Contains(ImageAnalyzer.Analyze(loaded, options).Secrets, f => f.Where == "/usr/lib/demo/sample.rb");
        }
    }

    [Fact]
    public async Task Binary_files_are_not_scanned()
    {
        var ghp = "ghp_" + Pick(Alnum, 36);
        var bytes = System.Text.Encoding.ASCII.GetBytes("\x7fELF\0\0\0" + ghp + "\n");
        var image = new SyntheticImage().Layer().File("/usr/bin/tool", bytes).File("/usr/bin/tool.txt", ghp + "\n");

        var finding = Assert.Single((await Analyze(image)).Secrets);
        Assert.Equal("/usr/bin/tool.txt", finding.Where);
    }

    [Fact]
    public async Task Env_labels_and_history_are_scanned()
    {
        var awsId = "AKIA" + Pick(Upper32, 16);
        var ghp = "ghp_" + Pick(Alnum, 36);
        var argPassword = Pick(Alnum, 18);
        var image = new SyntheticImage().Layer().File("/etc/hostname", "box\n").Layer().File("/app/setup.done", "ok\n");
        image.Config = new OciRuntimeConfig
        {
            Env = [$"AWS_ACCESS_KEY_ID={awsId}"],
            Labels = new Dictionary<string, string> { ["ci.token"] = ghp, ["org.opencontainers.image.title"] = "app" },
        };
        image.History.Add(new OciHistory { CreatedBy = "/bin/sh -c #(nop) ADD file:abc in / " });
        image.History.Add(new OciHistory { CreatedBy = "ARG ADMIN_PASSWORD", EmptyLayer = true });
        image.History.Add(new OciHistory { CreatedBy = $"RUN |1 ADMIN_PASSWORD={argPassword} /bin/sh -c ./setup.sh" });

        var secrets = (await Analyze(image)).Secrets;

        Assert.Contains(secrets, s => s is { Kind: "env", Where: "AWS_ACCESS_KEY_ID", RuleId: "aws-access-key-id" });
        Assert.Contains(secrets, s => s is { Kind: "label", Where: "ci.token", RuleId: "github-pat" });
        var history = Assert.Single(secrets, s => s.Kind == "history");
        Assert.Equal(("history[2]", "env-password", 1), (history.Where, history.RuleId, history.Layer));
        Assert.Equal(argPassword[..4] + "***", history.Redacted);
    }

    [Fact]
    public async Task Rules_can_be_disabled_and_added_in_anchore_form_and_from_a_rules_file()
    {
        var ghp = "ghp_" + Pick(Alnum, 36);
        var internalToken = "itk-" + Pick(Alnum, 30);
        var image = new SyntheticImage().Layer()
            .File("/app/a.env", $"GITHUB_TOKEN={ghp}\n")
            .File("/app/b.env", $"export aws_access_key_id = {Pick(Upper32, 20)}\n")
            .File("/app/c.env", $"INTERNAL={internalToken}\n");

        var dir = TestPaths.NewTempDir();
        var rulesFile = Path.Combine(dir, "rules.json");
        File.WriteAllText(rulesFile, """
            {
              "disable": ["github-pat"],
              "rules": [ { "id": "internal-token", "title": "Internal token", "severity": "low", "keywords": ["itk-"], "pattern": "(?<secret>itk-[A-Za-z0-9]{30})" } ]
            }
            """);
        var options = new AnalyzeOptions
        {
            Secrets = new SecretScanOptions
            {
                RulesFile = rulesFile,
                // Anchore's default AWS_ACCESS_KEY rule, look-behind and all.
                AnchoreRules = [@"AWS_ACCESS_KEY=(?i).*aws_access_key_id( *=+ *).*(?<![A-Z0-9])[A-Z0-9]{20}(?![A-Z0-9]).*"],
            },
        };

        var secrets = (await Analyze(image, options)).Secrets;

        Assert.DoesNotContain(secrets, s => s.RuleId == "github-pat");
        Assert.Contains(secrets, s => s is { RuleId: "AWS_ACCESS_KEY", Where: "/app/b.env", Line: 1 });
        var custom = Assert.Single(secrets, s => s.RuleId == "internal-token");
        Assert.Equal(("low", "itk-***"), (custom.Severity, custom.Redacted));
    }

    [Fact]
    public void Anchore_rules_file_of_name_regex_lines_is_read()
    {
        var dir = TestPaths.NewTempDir();
        var file = Path.Combine(dir, "secret_search.txt");
        File.WriteAllText(file, "# analyzer_config secret_search\nPRIV_KEY=(?i)-+BEGIN(.*)PRIVATE KEY-+\nDOCKER_AUTH=(?i).*\"auth\": *\".+\"\n");

        var rules = SecretRuleSet.Create(new SecretScanOptions { RulesFile = file });

        Assert.Contains(rules.Rules, r => r.Rule.Id == "PRIV_KEY" && r.Rule.PerLine);
        Assert.Contains(rules.Rules, r => r.Rule.Id == "DOCKER_AUTH");
    }

    [Theory]
    [InlineData("{ \"rules\": [ { \"id\": \"x\", \"title\": \"x\", \"pattern\": \"([a-z\" } ] }", "secret rule x: invalid regex")]
    [InlineData("{ \"rules\": [ ", "invalid JSON")]
    [InlineData("NOEQUALSIGN\n", "expected NAME=regex")]
    [InlineData("{ \"rules\": [ { \"id\": \"github-pat\", \"title\": \"again\", \"pattern\": \"x\" } ] }", "github-pat is defined more than once")]
    public void Bad_rules_files_fail_with_a_message_naming_the_problem(string content, string expected)
    {
        var file = Path.Combine(TestPaths.NewTempDir(), "rules.txt");
        File.WriteAllText(file, content);

        var e = Assert.Throws<SecretRuleException>(() => SecretRuleSet.Create(new SecretScanOptions { RulesFile = file }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_alpine_minirootfs_has_no_findings()
    {
        var image = new SyntheticImage().LayerFromTarGz(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz"));
        using var loaded = await image.LoadAsync(Step.Requests);
        Assert.True(loaded.Contents.For(SecretsStep.RequestName).Count() >= 40, $"the scan must see the rootfs text files, saw {loaded.Contents.For(SecretsStep.RequestName).Count()}");

        var analysis = ImageAnalyzer.Analyze(loaded, new AnalyzeOptions(), [Step]);

        Assert.Empty(analysis.Secrets);
    }

    [Fact]
    public async Task Pathological_input_for_a_backtracking_rule_is_bounded()
    {
        var line = "aws_access_key_id = " + new string('A', 50_000) + "!";
        var image = new SyntheticImage().Layer().File("/app/huge.txt", line);
        var options = new AnalyzeOptions { Secrets = new SecretScanOptions { AnchoreRules = [@"EVIL=(?i)(.*a)*.*aws_access_key_id(.*)*=!"] } };

        var started = DateTime.UtcNow;
        await Analyze(image, options);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "a catastrophic regex must time out per line");
    }
}
