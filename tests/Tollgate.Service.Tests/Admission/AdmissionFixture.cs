using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Service.Admission;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Service.Tests.Admission;

/// <summary>
/// A real `tollgate serve` app on loopback with a real local registry: what both admission fixtures share (calling the
/// webhook and the API, submitting images and waiting for their analysis, cleaning up).
/// </summary>
public abstract class AdmissionHost : IAsyncLifetime
{
    public const string AdminKey = "admission-test-key";

    public string Dir { get; } = TestPaths.NewTempDir();
    public LocalRegistry Registry { get; protected set; } = null!;
    public WebApplication App { get; protected set; } = null!;
    public HttpClient Client { get; protected set; } = new();

    public string Image(string repoAndTag) => $"{Registry.Host}/tollgate/{repoAndTag}";

    public abstract Task InitializeAsync();

    /// <summary>Starts <paramref name="options"/> as the service under test, with a client for it.</summary>
    protected async Task StartAsync(ServiceOptions options)
    {
        App = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        await App.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(App.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>POSTs a review to the webhook; returns the HTTP status and the parsed answer.</summary>
    /// <param name="via">Another server's client (a replica); default <see cref="Client"/>.</param>
    public async Task<(int Status, JsonElement Response)> Review(JsonObject review, string path = AdmissionWebhook.ValidatePath, HttpClient? via = null)
    {
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        return await Post(content, path, via);
    }

    public async Task<(int Status, JsonElement Response)> Post(HttpContent content, string path = AdmissionWebhook.ValidatePath, HttpClient? via = null)
    {
        using var answer = await (via ?? Client).PostAsync(path, content);
        var text = await answer.Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("admission.k8s.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("AdmissionReview", root.GetProperty("kind").GetString());
        return ((int)answer.StatusCode, root.GetProperty("response").Clone());
    }

    /// <summary>Calls the API as the admin; returns the status and the JSON body (null when empty).</summary>
    public async Task<(int Status, JsonElement? Body)> Api(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var answer = await Client.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        return ((int)answer.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits <paramref name="source"/> and waits until it is analysed; returns its digest.</summary>
    public async Task<string> Analyse(string source)
    {
        var (_, accepted) = await Api(HttpMethod.Post, "/v1/images", JsonContent.Create(new { source }));
        return await WaitAnalysed(accepted!.Value.GetProperty("id").GetString()!);
    }

    /// <summary>Waits until image <paramref name="id"/> is analysed (fails on analysis_failed); returns its digest.</summary>
    public async Task<string> WaitAnalysed(string id)
    {
        for (var i = 0; i < 1500; i++)
        {
            var (_, image) = await Api(HttpMethod.Get, $"/v1/images/{id}");
            switch (image!.Value.GetProperty("status").GetString())
            {
                case "analyzed":
                    return image.Value.GetProperty("digest").GetString()!;
                case "analysis_failed":
                    throw new InvalidOperationException($"image {id}: {image.Value.GetProperty("failure_reason")}");
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"image {id} not analysed in time");
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>
/// The real service (SQLite store, background worker, admission webhook over loopback HTTP) with the test images
/// analysed through the real pipeline, the same images pushed to a real local registry (tag → digest), a bundle
/// file and a vulnerability DB built from a real feed. Tests that edit the config or bundle restore them.
/// </summary>
public sealed class AdmissionFixture : AdmissionHost
{
    public const string VulnBundleId = "admission-vulns";

    public string BundlePath => Path.Combine(Dir, "bundle.json");
    public string VulnBundlePath => Path.Combine(Dir, "vuln-bundle.json");
    public string ConfigPath => Path.Combine(Dir, "admission.yaml");
    public string DbPath => Path.Combine(Dir, "vulns.db");

    /// <summary>Selects the vulnerability bundle for the lang image; everything else gets the active (first) bundle.</summary>
    public const string BaseConfig = """
        excludedNamespaces: [kube-system]
        timeoutMilliseconds: 20000
        selectors:
          - resourceType: image
            valueRegex: ".*/tollgate/lang:.*"
            mode: policy
            bundleId: admission-vulns
          - resourceType: namespace
            keyRegex: name
            valueRegex: "sandbox"
            mode: analysis
          - resourceType: resource
            keyRegex: "tollgate.io/breakglass"
            valueRegex: "true"
            mode: breakglass
        """;

    public override async Task InitializeAsync()
    {
        File.WriteAllText(BundlePath, Bundle("admission-test", NoSshRule + ",\n" + HealthcheckRule));
        File.WriteAllText(VulnBundlePath, Bundle(VulnBundleId, AnyVulnRule));
        File.WriteAllText(ConfigPath, BaseConfig);
        // A real feed that matches nothing in the test images; the feed test adds another.
        await VulnDbBuilder.UpdateAsync(DbPath, w => Task.FromResult(FeedImporter.Import(TestPaths.Corpus("vulns", "alpine-secdb"), w)));

        Registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("dod-bad", "oci"), "tollgate/dod-bad:latest", "latest");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("dod-good", "oci"), "tollgate/dod-good:1.0.0", "1.0.0");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("alpine", "oci"), "tollgate/alpine:3.20.3", "3.20.3", all: true);
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("lang", "oci"), "tollgate/lang:latest", "latest");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("debian-base", "oci"), "tollgate/never-analysed:1", "base");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("secrets", "oci"), "tollgate/pending:1", "latest");

        var options = new ServiceOptions
        {
            Store = "sqlite:" + Path.Combine(Dir, "t.db"),
            PollInterval = TimeSpan.FromMilliseconds(100),
            AllowLocalSources = true,
            Admission = new AdmissionOptions
            {
                ConfigFile = ConfigPath,
                Bundles = [BundlePath, VulnBundlePath],
                VulnDb = DbPath,
                InsecureRegistries = true,
                ReloadCheckInterval = TimeSpan.Zero,
            },
        };
        await StartAsync(options);

        // Analysed through the real pipeline by the service's own worker.
        await Task.WhenAll(
            Analyse($"oci-dir:{TestPaths.RequireTestData("dod-bad", "oci")}:latest"),
            Analyse($"oci-dir:{TestPaths.RequireTestData("dod-good", "oci")}:1.0.0"),
            Analyse($"oci-dir:{TestPaths.RequireTestData("alpine", "oci")}:3.20.3-amd64"),
            Analyse($"oci-dir:{TestPaths.RequireTestData("lang", "oci")}:latest"));
    }

    public ImageCheck Check => App.Services.GetRequiredService<ImageCheck>();

    /// <summary>Runs <paramref name="body"/> with <paramref name="yaml"/> as the admission config, then restores the base config.</summary>
    public async Task WithConfig(string yaml, Func<Task> body)
    {
        Rewrite(ConfigPath, yaml);
        try
        {
            await body();
        }
        finally
        {
            Rewrite(ConfigPath, BaseConfig);
        }
    }

    /// <summary>Writes a watched file and moves its time on, so the change is seen even within one clock tick.</summary>
    public static void Rewrite(string path, string text)
    {
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, (before > DateTime.UtcNow ? before : DateTime.UtcNow).AddSeconds(1));
    }

    /// <summary>STOP: dod-bad exposes port 22.</summary>
    public const string NoSshRule = """
        {"id": "no-ssh", "gate": "dockerfile", "trigger": "exposed_ports", "action": "STOP", "params": [{"name": "ports", "value": "22"}, {"name": "type", "value": "blacklist"}]}
        """;

    /// <summary>WARN: most test images have no HEALTHCHECK.</summary>
    public const string HealthcheckRule = """
        {"id": "healthcheck", "gate": "dockerfile", "trigger": "instruction", "action": "WARN", "params": [{"name": "instruction", "value": "HEALTHCHECK"}, {"name": "check", "value": "not_exists"}]}
        """;

    /// <summary>STOP on any vulnerability at all.</summary>
    public const string AnyVulnRule = """
        {"id": "any-vuln", "gate": "vulnerabilities", "trigger": "package", "action": "STOP", "params": [{"name": "package_type", "value": "all"}, {"name": "severity_comparison", "value": ">="}, {"name": "severity", "value": "unknown"}]}
        """;

    public static string Bundle(string id, string rules) => $$"""
        {
          "id": "{{id}}", "version": "1_0", "name": "{{id}} bundle",
          "policies": [{"id": "p-{{id}}", "name": "{{id}} rules", "version": "1_0", "rules": [{{rules}}]}],
          "whitelists": [{"id": "wl-{{id}}", "name": "exceptions", "version": "1_0", "items": []}],
          "mappings": [{"id": "m-{{id}}", "name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"},
                        "policy_ids": ["p-{{id}}"], "whitelist_ids": ["wl-{{id}}"]}]
        }
        """;
}

[CollectionDefinition(Name)]
public sealed class AdmissionCollection : ICollectionFixture<AdmissionFixture>
{
    public const string Name = "admission-service";
}
