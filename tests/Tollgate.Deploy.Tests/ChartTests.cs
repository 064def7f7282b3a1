using System.Text.Json.Nodes;
using Tollgate.TestSupport;

namespace Tollgate.Deploy.Tests;

/// <summary>
/// deploy/helm/tollgate rendered by a real helm and every object validated against the Kubernetes OpenAPI schemas
/// (kubernetes-models), then read for what the chart promises: hardened pods, probes, secrets, the webhook.
/// </summary>
public sealed class ChartTests
{
    private static readonly string Chart = Path.Combine(TestPaths.RepoRoot, "deploy", "helm", "tollgate");
    private static readonly string ExampleValues = Path.Combine(TestPaths.RepoRoot, "docs", "deploy", "example-values.yaml");
    private static readonly string RenderedExample = Path.Combine(TestPaths.RepoRoot, "docs", "deploy", "rendered-example.yaml");

    [Fact]
    public async Task HelmLintPassesStrict()
    {
        var (exit, stdout, stderr) = await Tool.RunAsync(Tool.Helm, "lint", "--strict", Chart, "--set", "auth.adminKey=k");
        Assert.True(exit == 0, stdout + stderr);
    }

    [Fact]
    public async Task CommittedRenderedExampleIsWhatTheChartRenders()
    {
        var rendered = await RenderAsync("-f", ExampleValues);
        Assert.Equal(File.ReadAllText(RenderedExample), rendered);
    }

    [Theory]
    [InlineData("auth.adminKey=k")]
    [InlineData("existingSecret=tollgate-secrets", "postgres.url=ignored")]
    [InlineData("auth.adminKey=k", "admission.enabled=true")]
    [InlineData("auth.adminKey=k", "admission.enabled=true", "admission.mutating.enabled=true", "admission.config.excludedNamespaces[0]=tollgate")]
    [InlineData("auth.adminKey=k", "worker.replicas=0", "api.replicas=1")]
    [InlineData("auth.adminKey=k", "postgres.url=postgres://tollgate:pw@db:5432/tollgate", "image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task EveryConfigurationRendersValidHardenedObjects(params string[] sets)
    {
        var rendered = await RenderAsync(sets.SelectMany(s => new[] { "--set", s }).ToArray());
        var file = Path.Combine(Path.GetTempPath(), $"tollgate-chart-{Guid.NewGuid():n}.yaml");
        File.WriteAllText(file, rendered);
        try
        {
            var (exit, stdout, stderr) = await Tool.ValidateManifestAsync(file);
            Assert.True(exit == 0, stdout + stderr);
        }
        finally
        {
            File.Delete(file);
        }

        var manifest = Manifest.Parse(rendered);
        var deployments = manifest.OfKind("Deployment").ToList();
        Assert.NotEmpty(deployments);
        foreach (var deployment in deployments)
        {
            AssertHardened(deployment);
        }
    }

    [Fact]
    public async Task ApiAndWorkersShareTheImageAndSecretsButOnlyTheApiServesTheWebhook()
    {
        var manifest = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k", "--set", "postgres.url=postgres://u:p@db/tollgate", "--set", "admission.enabled=true"));
        var api = Container(manifest.Single("Deployment", "-api"));
        var worker = Container(manifest.Single("Deployment", "-worker"));
        Assert.Equal((string?)api["image"], (string?)worker["image"]);
        Assert.Equal(Env(api), Env(worker));
        Assert.Contains("$(TOLLGATE_STORE)", Args(worker));
        Assert.Contains("/etc/tollgate/tls/tls.crt", Args(api));
        Assert.DoesNotContain("/etc/tollgate/tls/tls.crt", Args(worker));
        Assert.Contains("--workers-only", Args(worker));
        Assert.Contains("--no-workers", Args(api));

        var secret = manifest.Single("Secret", "tollgate");
        Assert.Equal("postgres://u:p@db/tollgate", FromBase64((string)secret["data"]!["store-url"]!));
        Assert.Equal("k", FromBase64((string)secret["data"]!["admin-key"]!));

        // The Service selects the API pods only, on the ports the webhook and the API use.
        var service = manifest.Single("Service", "tollgate");
        Assert.Equal("api", (string?)service["spec"]!["selector"]!["app.kubernetes.io/component"]);
        Assert.Equal(["http", "https"], service["spec"]!["ports"]!.AsArray().Select(p => (string)p!["targetPort"]!));
    }

    [Fact]
    public async Task ExistingSecretReplacesTheChartsSecret()
    {
        var manifest = Manifest.Parse(await RenderAsync("--set", "existingSecret=vault-synced"));
        Assert.Empty(manifest.OfKind("Secret"));
        var refs = Container(manifest.Single("Deployment", "-api"))["env"]!.AsArray().Select(e => (string?)e!["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.All(refs, name => Assert.Equal("vault-synced", name));
    }

    [Fact]
    public async Task WebhookIsConfiguredForIssue10()
    {
        var manifest = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k", "--set", "admission.enabled=true", "--set", "admission.tls.caBundle=Q0E=", "--set", "admission.failurePolicy=Ignore"));
        var webhook = manifest.OfKind("ValidatingWebhookConfiguration").Single()["webhooks"]![0]!;
        Assert.Equal("/v1/admission/validate", (string?)webhook["clientConfig"]!["service"]!["path"]);
        Assert.Equal("Q0E=", (string?)webhook["clientConfig"]!["caBundle"]);
        Assert.Equal("Ignore", (string?)webhook["failurePolicy"]);
        Assert.Equal("10", (string?)webhook["timeoutSeconds"]);
        Assert.Contains("kube-system", webhook["namespaceSelector"]!.ToJsonString());
        var resources = webhook["rules"]!.AsArray().SelectMany(r => r!["resources"]!.AsArray().Select(x => (string)x!)).ToList();
        Assert.Equal(["pods", "pods/ephemeralcontainers", "replicationcontrollers", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs"], resources);

        // Analyses are queued for unknown images, never on a dry run.
        Assert.Equal("NoneOnDryRun", (string?)webhook["sideEffects"]);
        Assert.Equal(["v1"], webhook["admissionReviewVersions"]!.AsArray().Select(v => (string)v!));

        // The TLS Secret's two files are mounted where the API pods' --tls-cert-file/--tls-key-file point, and the pods
        // listen for HTTPS on the port the Service sends the webhook calls to.
        var api = manifest.Single("Deployment", "-api")["spec"]!["template"]!["spec"]!;
        var container = api["containers"]![0]!;
        var args = Args(container);
        var tlsVolume = api["volumes"]!.AsArray().Single(v => (string?)v!["secret"]?["secretName"] == "tollgate-webhook-tls")!;
        var tlsDir = (string)container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)tlsVolume["name"])!["mountPath"]!;
        Assert.Equal($"{tlsDir}/tls.crt", args[args.IndexOf("--tls-cert-file") + 1]);
        Assert.Equal($"{tlsDir}/tls.key", args[args.IndexOf("--tls-key-file") + 1]);
        Assert.Contains("https://0.0.0.0:8443", args[args.IndexOf("--urls") + 1]);
        Assert.Contains(container["ports"]!.AsArray(), p => (string?)p!["name"] == "https" && (string?)p["containerPort"] == "8443");
        Assert.Single(manifest.OfKind("ClusterRole"));
        Assert.Empty(manifest.OfKind("MutatingWebhookConfiguration"));
    }

    [Fact]
    public async Task EveryPodGetsTheOneSecretKeyThatSealsStoredSecrets()
    {
        // Generated when not given: 32 random bytes, the same Secret key referenced by the API and the worker pods.
        var generated = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k"));
        var key = Convert.FromBase64String(FromBase64((string)generated.Single("Secret", "tollgate")["data"]!["secret-key"]!));
        Assert.Equal(32, key.Length);
        foreach (var component in new[] { "-api", "-worker" })
        {
            Assert.Contains("""{"name":"TOLLGATE_SECRET_KEY","valueFrom":{"secretKeyRef":{"name":"tollgate","key":"secret-key"}}}""",
                Env(Container(generated.Single("Deployment", component))), StringComparison.Ordinal);
        }

        // Given: passed through as it is; not 32 bytes: the render fails naming the value.
        var given = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var manifest = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k", "--set", "auth.secretKey=" + given));
        Assert.Equal(given, FromBase64((string)manifest.Single("Secret", "tollgate")["data"]!["secret-key"]!));
        var (exit, _, stderr) = await Tool.RunAsync(Tool.Helm, "template", "tollgate", Chart, "--set", "auth.adminKey=k", "--set", "auth.secretKey=c2hvcnQ=");
        Assert.NotEqual(0, exit);
        Assert.Contains("auth.secretKey must be base64 of exactly 32 bytes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmissionIsOffByDefaultSoAnInstallNeverGatesPodsUnasked()
    {
        var manifest = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k"));
        Assert.Empty(manifest.OfKind("ValidatingWebhookConfiguration"));
        Assert.Empty(manifest.OfKind("MutatingWebhookConfiguration"));
        Assert.DoesNotContain(manifest.OfKind("ConfigMap"), c => ((string)c["metadata"]!["name"]!).EndsWith("-admission", StringComparison.Ordinal));
        var api = manifest.Single("Deployment", "-api")["spec"]!["template"]!["spec"]!;
        Assert.Equal("false", (string?)api["automountServiceAccountToken"]);
        Assert.DoesNotContain("--tls-cert-file", Args(api["containers"]![0]!));
    }

    [Fact]
    public async Task AdmissionRulesFromValuesReachTheServerAndTheMutatingWebhookTurnsOnDigestPinning()
    {
        var manifest = Manifest.Parse(await RenderAsync("--set", "auth.adminKey=k", "--set", "admission.enabled=true", "--set", "admission.mutating.enabled=true",
            "--set", "admission.config.excludedNamespaces[0]=tollgate", "--set", "admission.config.admitWhilePending=true"));
        var mutating = manifest.OfKind("MutatingWebhookConfiguration").Single()["webhooks"]![0]!;
        Assert.Equal("/v1/admission/mutate", (string?)mutating["clientConfig"]!["service"]!["path"]);
        Assert.Equal(("None", "Ignore"), ((string?)mutating["sideEffects"], (string?)mutating["failurePolicy"]));

        // The rendered rules file is what --admission-config names inside the pod, and the server's own reader accepts it.
        var api = manifest.Single("Deployment", "-api")["spec"]!["template"]!["spec"]!;
        var args = Args(api["containers"]![0]!);
        var configPath = args[args.IndexOf("--admission-config") + 1];
        var volume = api["volumes"]!.AsArray().Single(v => v!["configMap"] is not null && (string?)v["configMap"]!["name"] == "tollgate-admission")!;
        var mount = api["containers"]![0]!["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)volume["name"])!;
        Assert.Equal(configPath, $"{mount["mountPath"]}/admission.yaml");
        var file = Path.Combine(Path.GetTempPath(), $"tollgate-admission-{Guid.NewGuid():n}.yaml");
        File.WriteAllText(file, (string)manifest.Single("ConfigMap", "-admission")["data"]!["admission.yaml"]!);
        try
        {
            var rules = Tollgate.Service.Admission.AdmissionWebhook.ReadPolicy(file);
            Assert.Equal((true, true), (rules.Mutate, rules.AdmitWhilePending));
            Assert.Equal(["tollgate"], rules.ExcludedNamespaces);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task WithoutAnAdminKeyOrSecretHelmRefusesWithTheReason()
    {
        var (exit, _, stderr) = await Tool.RunAsync(Tool.Helm, "template", "tollgate", Chart);
        Assert.NotEqual(0, exit);
        Assert.Contains("auth.adminKey (or existingSecret) is required", stderr);
    }

    private static async Task<string> RenderAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await Tool.RunAsync(Tool.Helm, ["template", "tollgate", Chart, "--namespace", "tollgate", .. args]);
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    private static void AssertHardened(JsonObject deployment)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("10001", (string?)pod["securityContext"]!["runAsUser"]);
        var container = Container(deployment);
        var security = container["securityContext"]!;
        Assert.Equal("true", (string?)security["readOnlyRootFilesystem"]);
        Assert.Equal("false", (string?)security["allowPrivilegeEscalation"]);
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("/health", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.Equal("serve", Args(container)[0]);

        // A read-only root needs somewhere to write: the working directory and /tmp are volumes.
        var mounts = container["volumeMounts"]!.AsArray().Select(m => (string)m!["mountPath"]!).ToList();
        Assert.Contains("/var/lib/tollgate", mounts);
        Assert.Contains("/tmp", mounts);
    }

    private static JsonNode Container(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static List<string> Args(JsonNode container) => container["args"]!.AsArray().Select(a => (string)a!).ToList();

    private static string Env(JsonNode container) => container["env"]!.ToJsonString();

    private static string FromBase64(string value) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value));
}
