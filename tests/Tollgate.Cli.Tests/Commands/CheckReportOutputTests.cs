using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Tollgate.Cli.CommandLine;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>`tollgate check -o FORMAT=FILE` repeated, as CI scripts call it, and its stderr on a terminal vs in CI.</summary>
public class CheckReportOutputTests
{
    private static string Sample => "oci-dir:" + AlpineSample.CommittedLayout + ":" + AlpineSample.Tag;

    private static string Tollgate => Path.Combine(AppContext.BaseDirectory, "tollgate.dll");

    [Fact]
    public async Task One_check_writes_every_report_format_and_stderr_stays_empty_when_not_a_terminal()
    {
        var dir = TestPaths.NewTempDir();
        string[] formats = ["sarif", "junit", "gitlab", "ckl", "cklb", "html", "oscal", "json", "anchore-json", "cyclonedx-json", "table"];
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            ["check", Sample, "--policy", "pack:dod", .. formats.SelectMany(f => new[] { "-o", $"{f}={Path.Combine(dir, "report." + f)}" })]);

        Assert.Equal(ExitCodes.GateTripped, exit); // the sample runs as root: STOP
        Assert.Equal("", stdout);
        Assert.Equal("", stderr); // redirected stderr: no progress, and this run has no warnings
        Assert.All(formats, f => Assert.True(new FileInfo(Path.Combine(dir, "report." + f)).Length > 0, f));
        Assert.Empty(JsonSchemaValidator.Validate(TestPaths.Corpus("schemas", "oscal", "oscal_complete_schema-1.1.1.json"), File.ReadAllText(Path.Combine(dir, "report.oscal"))));
        using var oscal = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.oscal")));
        Assert.Contains(oscal.RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("target").GetProperty("target-id").GetString() == "ac-6.10_obj"
                 && f.GetProperty("target").GetProperty("status").GetProperty("state").GetString() == "not-satisfied");
        Assert.NotEmpty(XDocument.Load(Path.Combine(dir, "report.junit")).Descendants("failure"));
        Assert.Contains("STOP", File.ReadAllText(Path.Combine(dir, "report.table")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var first = json.RootElement.EnumerateObject().First();
        Assert.Equal(("schema_version", "1.0"), (first.Name, first.Value.GetString()));
        Assert.Equal("STOP", json.RootElement.GetProperty("final_action").GetString());
    }

    [Fact]
    public async Task Scan_refuses_oscal_because_an_assessment_needs_a_policy()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("scan", Sample, "-o", "oscal=x.json");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Equal("", stdout);
        Assert.Contains("unknown output format 'oscal'", stderr);
    }

    [Fact]
    public async Task On_a_terminal_long_steps_show_progress_on_stderr()
    {
        var output = await OnTerminal(ci: null, "-o", "sarif=" + Path.Combine(TestPaths.NewTempDir(), "r.sarif"));

        Assert.Contains("done reading and analysing " + Sample, output);
        Assert.Contains("done evaluating the policy", output);
        Assert.Contains("done writing sarif to ", output);
    }

    [Theory]
    [InlineData("true", null)]
    [InlineData(null, "--quiet")]
    [InlineData(null, "-q")]
    public async Task Under_CI_or_quiet_a_terminal_gets_no_progress(string? ci, string? flag)
    {
        var file = Path.Combine(TestPaths.NewTempDir(), "r.sarif");
        var output = await OnTerminal(ci, flag is null ? ["-o", "sarif=" + file] : [flag, "-o", "sarif=" + file]);

        Assert.DoesNotContain("done", output);
        Assert.DoesNotContain("reading and analysing", output);
        Assert.True(File.Exists(file));
    }

    [Theory]
    [InlineData(false, null, false, true)]
    [InlineData(true, null, false, false)]
    [InlineData(false, "true", false, false)]
    [InlineData(false, "1", false, false)]
    [InlineData(false, "false", false, true)]
    [InlineData(false, null, true, false)]
    public void Progress_is_for_a_person_at_a_terminal(bool quiet, string? ci, bool redirected, bool expected)
    {
        Assert.Equal(expected, ProgressReporter.IsEnabled(quiet, ci, redirected));
    }

    /// <summary>
    /// Runs `tollgate check` with stdout and stderr on a real pseudo-terminal (util-linux `script`), the way a person
    /// sees it, and returns everything the terminal received.
    /// </summary>
    private static async Task<string> OnTerminal(string? ci, params string[] extra)
    {
        var command = string.Join(' ', new[] { "dotnet", Tollgate, "check", Sample, "--policy", "pack:dod" }.Concat(extra).Select(Quote));
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in new[] { "-q", "-e", "-c", command, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("CI");
        if (ci is not null)
        {
            info.Environment["CI"] = ci;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(ExitCodes.GateTripped, process.ExitCode);
        return await stdout + await stderr;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
