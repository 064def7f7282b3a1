using Tollgate.Cli.CommandLine;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Output;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>Colours are for people at a terminal: on a pseudo-terminal the verdict is coloured, in a pipe never.</summary>
public sealed class TerminalOutputTests
{
    private const string Escape = "\u001b[";
    private static readonly string[] CheckSample = ["check", "oci-dir:samples/alpine-oci:3.20.3", "--policy", "pack:dod", "-o", "table"];

    [Fact]
    public async Task Check_table_colours_stop_on_a_terminal_and_not_in_a_pipe()
    {
        var (exit, terminal) = await CliProcess.RunOnTerminalAsync(CheckSample);
        Assert.True(exit == 1, terminal);
        Assert.Contains("final action   \u001b[1;31mSTOP\u001b[0m", terminal);

        var (pipedExit, stdout, _) = await CliProcess.RunAsync(CheckSample);
        Assert.Equal(1, pipedExit);
        Assert.Contains("final action   STOP", stdout);
        Assert.DoesNotContain(Escape, stdout);
    }

    [Fact]
    public void Scan_table_paints_severities_without_breaking_the_columns()
    {
        var result = new ScanResult
        {
            Matches =
            [
                Match("CVE-2024-0001", "openssl", Severities.Critical),
                Match("CVE-2024-0002", "zlib", Severities.Medium),
                Match("CVE-2024-0003", "musl", Severities.Unknown),
            ],
        };
        using var plain = new StringWriter();
        ScanTable.Write(result, plain);
        using var painted = new StringWriter();
        ScanTable.Write(result, painted, TerminalColour.Severity);

        Assert.DoesNotContain(Escape, plain.ToString());
        Assert.Contains("\u001b[1;31mCritical", painted.ToString());
        Assert.Contains("\u001b[33mMedium", painted.ToString());
        Assert.DoesNotContain(Escape + "0mUnknown", painted.ToString());

        // Without the escape sequences the painted table is the plain one, so columns still line up.
        Assert.Equal(plain.ToString(), System.Text.RegularExpressions.Regex.Replace(painted.ToString(), @"\u001b\[[0-9;]*m", ""));
    }

    private static VulnerabilityMatch Match(string id, string package, string severity) => new()
    {
        Id = id,
        PackageId = package,
        PackageName = package,
        PackageVersion = "1.0-r0",
        PackageType = "apk",
        Severity = severity,
        FixState = FixStates.NotFixed,
        Namespace = "alpine:3.20",
        MatchedBy = "apk",
    };
}
