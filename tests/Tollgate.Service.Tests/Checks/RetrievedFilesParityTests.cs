using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Checks;

/// <summary>
/// passwd_file and retrieved_files rules read files kept at analysis time. The service analyses before it is asked
/// to check, so it keeps the files its bundles name with the stored analysis; a check through the API must then give
/// what `tollgate check` gives on the same image and bundle — the same verdict and the same findings, trigger ids
/// (which hash the passwd entry and file path) included.
/// </summary>
public sealed class RetrievedFilesParityTests : IDisposable
{
    private const string Tag = "docker.io/library/alpine:3.20.3";

    // Every rule here fires differently with and without the files: root is in Alpine's /etc/passwd, /etc/alpine-release
    // holds "3.20.3", and /etc/not-in-the-image is not there.
    private const string Bundle = """
        {
          "id": "retrieved-files-parity", "version": "1_0", "name": "retrieved files parity",
          "whitelisted_images": [], "blacklisted_images": [], "whitelists": [],
          "mappings": [{ "id": "all", "name": "all", "registry": "*", "repository": "*", "image": { "type": "tag", "value": "*" },
                         "policy_ids": ["files"], "whitelist_ids": [] }],
          "policies": [{ "id": "files", "name": "files", "version": "1_0", "rules": [
            { "id": "r1", "gate": "passwd_file", "trigger": "blacklist_usernames", "action": "STOP", "params": [{ "name": "user_names", "value": "root,ftp" }] },
            { "id": "r2", "gate": "passwd_file", "trigger": "blacklist_shells", "action": "WARN", "params": [{ "name": "shells", "value": "/bin/sh" }] },
            { "id": "r3", "gate": "passwd_file", "trigger": "content_not_available", "action": "WARN", "params": [] },
            { "id": "r4", "gate": "retrieved_files", "trigger": "content_regex", "action": "WARN",
              "params": [{ "name": "path", "value": "/etc/alpine-release" }, { "name": "regex", "value": "3\\.20\\..*" }, { "name": "check", "value": "match" }] },
            { "id": "r5", "gate": "retrieved_files", "trigger": "content_not_available", "action": "WARN", "params": [{ "name": "path", "value": "/etc/alpine-release" }] },
            { "id": "r6", "gate": "retrieved_files", "trigger": "content_not_available", "action": "WARN", "params": [{ "name": "path", "value": "/etc/not-in-the-image" }] }
          ] }]
        }
        """;

    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ApiCheckOfAStoredAnalysisEqualsTheCliCheck()
    {
        var archive = "docker-archive:" + TestPaths.RequireTestData("alpine", "docker-archive.tar");
        var bundleFile = Path.Combine(_dir, "bundle.json");
        await File.WriteAllTextAsync(bundleFile, Bundle);
        var noDb = Path.Combine(_dir, "no-vulnerability-db.db");

        await using var host = await ServiceHost.StartAsync(configure: o => o with { VulnDbPath = noDb });
        Assert.Equal(HttpStatusCode.Created, (await host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(Bundle))).Status);
        var digest = (await host.AnalyzeAsync(archive)).GetProperty("digest").GetString();
        var (status, service) = await host.GetAsync($"/v1/images/{digest}/check?format=tollgate&tag={Uri.EscapeDataString(Tag)}");
        Assert.Equal(HttpStatusCode.OK, status);

        var cli = await CliCheckAsync(archive, bundleFile);
        var serviceFindings = Findings(service.GetProperty("evaluation"));
        var cliFindings = Findings(cli);
        Assert.Equal("STOP", cli.GetProperty("final_action").GetString());
        Assert.Equal(cli.GetProperty("final_action").GetString(), service.GetProperty("final_action").GetString());
        Assert.Equal(cliFindings, serviceFindings);
        Assert.Contains(serviceFindings, f => f.StartsWith("passwd_file blacklist_usernames STOP", StringComparison.Ordinal));
        Assert.Contains(serviceFindings, f => f.StartsWith("passwd_file blacklist_shells WARN", StringComparison.Ordinal));
        Assert.Contains(serviceFindings, f => f.StartsWith("retrieved_files content_regex WARN", StringComparison.Ordinal));
        Assert.Single(serviceFindings, f => f.StartsWith("retrieved_files content_not_available WARN", StringComparison.Ordinal)); // the missing file only
        Assert.DoesNotContain(serviceFindings, f => f.StartsWith("passwd_file content_not_available", StringComparison.Ordinal));
    }

    /// <summary>gate, trigger, action, trigger id and message of each finding, sorted.</summary>
    private static List<string> Findings(JsonElement evaluation) =>
        [.. evaluation.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("gate").GetString()} {f.GetProperty("trigger").GetString()} {f.GetProperty("action").GetString()} {f.GetProperty("trigger_id").GetString()} {Message(f)}")
            .Order(StringComparer.Ordinal)];

    private static string? Message(JsonElement finding) => finding.GetProperty("message").GetString();

    /// <summary>`tollgate check SOURCE --policy FILE --tag TAG -o json=FILE` as a child process, without a vulnerability DB (exit 1: STOP).</summary>
    private async Task<JsonElement> CliCheckAsync(string source, string bundleFile)
    {
        var output = Path.Combine(_dir, "check.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "tollgate.runtimeconfig.json"), Path.Combine(AppContext.BaseDirectory, "tollgate.dll"),
            "check", source, "--policy", bundleFile, "--tag", Tag, "-q", "-o", "json=" + output,
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("TOLLGATE_DB");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 1, $"tollgate check exited {process.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.Clone();
    }
}
