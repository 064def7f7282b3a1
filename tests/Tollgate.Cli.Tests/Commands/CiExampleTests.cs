using System.Text.RegularExpressions;
using Tollgate.Cli.CommandLine;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// The `tollgate check` command lines of docs/ci run as written, with only the image and the Dockerfile swapped for
/// the committed sample: the options and format names they use exist, and every report they publish is written.
/// </summary>
public partial class CiExampleTests
{
    [Theory]
    [InlineData("github-actions.yml")]
    [InlineData("gitlab-ci.yml")]
    [InlineData("Jenkinsfile")]
    public async Task The_example_s_check_runs_and_writes_every_report_it_publishes(string example)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "docs", "ci", example));
        var args = CheckArguments(text);
        var dir = TestPaths.NewTempDir();
        var dockerfile = Path.Combine(dir, "Dockerfile");
        await File.WriteAllLinesAsync(dockerfile, ["FROM alpine:3.20", "USER root", "CMD [\"/bin/sh\"]"]);

        var run = new List<string> { "check", "oci-dir:" + AlpineSample.CommittedLayout + ":" + AlpineSample.Tag };
        var files = new List<string>();
        for (var i = 2; i < args.Count; i++)
        {
            if (args[i] == "--dockerfile")
            {
                run.AddRange(["--dockerfile", dockerfile]);
                i++;
            }
            else if (args[i] == "-o" && args[i + 1].Split('=') is [var format, var file])
            {
                files.Add(Path.Combine(dir, file));
                run.AddRange(["-o", $"{format}={files[^1]}"]);
                i++;
            }
            else
            {
                run.Add(args[i]);
            }
        }

        var (exit, _, stderr) = await CliProcess.RunAsync([.. run]);

        Assert.True(exit == ExitCodes.GateTripped, $"{example}: exit {exit}: {stderr}");
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, $"{example}: {Path.GetFileName(f)} not written"));
        // Every report file the example publishes is one its check writes.
        foreach (Match published in Published().Matches(text))
        {
            Assert.Contains(files, f => Path.GetFileName(f) == published.Value);
        }
    }

    /// <summary>The words of the first `tollgate check` line and its continuation lines (YAML folding, shell `\`).</summary>
    private static List<string> CheckArguments(string text)
    {
        var lines = text[text.IndexOf("tollgate check", StringComparison.Ordinal)..].Split('\n');
        var words = lines[0].Replace("\\", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var line in lines.Skip(1).Select(l => l.Trim()).TakeWhile(l => l.StartsWith('-') && !l.StartsWith("- ", StringComparison.Ordinal)))
        {
            words.AddRange(line.Replace("\\", "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return words.Skip(1).Select(w => w.Trim('"')).ToList();
    }

    [GeneratedRegex(@"(?<![\w.-])(?:tollgate[\w.-]*\.(?:sarif|xml|html|json|ckl)|gl-container-scanning-report\.json)(?![\w.-])")]
    private static partial Regex Published();
}
