using System.Text.Json;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Cli.Tests.Images;

/// <summary>`tollgate inspect` and `tollgate files` on the bundled sample and on broken images.</summary>
public sealed class ImageCommandsTests
{
    private const string Sample = "oci-dir:samples/alpine-oci:3.20.3";

    [Fact]
    public async Task Files_json_has_the_documented_fields_and_applies_whiteouts()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("files", Sample, "-o", "json");

        Assert.True(exit == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(
            ["path", "type", "mode", "uid", "gid", "size", "linkTarget", "layer"],
            r.EnumerateObject().Select(p => p.Name)));
        var sh = rows.Single(r => r.GetProperty("path").GetString() == "/bin/sh");
        Assert.Equal(("symlink", "/bin/busybox"), (sh.GetProperty("type").GetString(), sh.GetProperty("linkTarget").GetString()));
        Assert.Equal("1777", rows.Single(r => r.GetProperty("path").GetString() == "/tmp").GetProperty("mode").GetString());
        var busybox = rows.Single(r => r.GetProperty("path").GetString() == "/bin/busybox");
        Assert.Equal(("file", "0755", 808712L, 0), (busybox.GetProperty("type").GetString(), busybox.GetProperty("mode").GetString(),
            busybox.GetProperty("size").GetInt64(), busybox.GetProperty("layer").GetInt32()));
        Assert.DoesNotContain(rows, r => r.GetProperty("path").GetString() == "/etc/motd");
        Assert.Equal(1, rows.Single(r => r.GetProperty("path").GetString() == "/etc/tollgate-sample").GetProperty("layer").GetInt32());
    }

    [Fact]
    public async Task All_layers_scope_keeps_deleted_files_with_their_layer()
    {
        var (exit, stdout, _) = await CliProcess.RunAsync("files", Sample, "--scope", "all-layers", "-o", "json");

        Assert.Equal(0, exit);
        var motd = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("path").GetString() == "/etc/motd");
        Assert.Equal(0, motd.GetProperty("layer").GetInt32());
    }

    [Fact]
    public async Task Inspect_reports_digests_config_history_and_layers_in_several_outputs_at_once()
    {
        var dir = TestPaths.NewTempDir();
        var jsonFile = Path.Combine(dir, "inspect.json");

        var (exit, stdout, stderr) = await CliProcess.RunAsync("inspect", Sample, "-o", "table", "-o", $"json={jsonFile}");

        Assert.True(exit == 0, stderr);
        Assert.Contains("platform        linux/amd64", stdout);
        Assert.Contains("RUN rm /etc/motd", stdout);
        var json = JsonDocument.Parse(File.ReadAllText(jsonFile)).RootElement;
        Directory.Delete(dir, true);
        Assert.StartsWith("sha256:", json.GetProperty("manifestDigest").GetString());
        Assert.StartsWith("sha256:", json.GetProperty("configDigest").GetString());
        Assert.Equal("3.20.3", json.GetProperty("tags")[0].GetString());
        Assert.Equal("amd64", json.GetProperty("architecture").GetString());
        Assert.Equal("/bin/sh", json.GetProperty("config").GetProperty("cmd")[0].GetString());
        var history = json.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(4, history.Count);
        Assert.True(history[1].GetProperty("emptyLayer").GetBoolean());
        Assert.Contains("ENV PATH", history[1].GetProperty("createdBy").GetString());
        Assert.Equal(2, json.GetProperty("layers").GetArrayLength());
        Assert.True(json.GetProperty("layers")[0].GetProperty("size").GetInt64() > 500_000);
    }

    [Fact]
    public async Task Errors_exit_2_naming_the_source_with_nothing_on_stdout()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("files", "/no/such/image");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("tollgate: /no/such/image: no such file or directory", stderr);
    }

    [Fact]
    public async Task A_hostile_layer_is_an_error_not_a_partial_listing()
    {
        var dir = TestPaths.NewTempDir();
        var layer = new LayerBuilder().Dir("./etc").File("./etc/ok", "x").File("./../../escape", "x").ToArray();
        var (source, _, _) = SyntheticImages.Layout(dir, [layer]);

        var (exit, stdout, stderr) = await CliProcess.RunAsync("files", source, "-o", "json");
        Directory.Delete(dir, true);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"tollgate: {source}: layer 0", stderr);
        Assert.Contains("climbs out of the image", stderr);
    }

    [Fact]
    public async Task Bad_options_are_usage_errors()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("files", Sample, "--scope", "everything");

        Assert.Equal(2, exit);
        Assert.Contains("--scope must be squashed or all-layers", stderr);
    }
}
