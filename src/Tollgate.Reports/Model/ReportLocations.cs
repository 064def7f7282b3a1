using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Reports.Model;

/// <summary>Where a finding points, shared by every format that has locations (SARIF, GitLab, HTML).</summary>
public static class ReportLocations
{
    /// <summary>The image path of a vulnerable package (its first location), or null.</summary>
    public static string? PathOf(VulnerabilityMatch match) => match.Locations.FirstOrDefault()?.Path;

    /// <summary>
    /// The Dockerfile line a policy finding is about (USER, EXPOSE, HEALTHCHECK, …) when a Dockerfile was given and
    /// the gate is about an instruction; else null.
    /// </summary>
    public static int? DockerfileLine(Finding finding, IReadOnlyList<string>? dockerfileLines)
    {
        if (dockerfileLines is null)
        {
            return null;
        }

        var instruction = finding.Trigger switch
        {
            "effective_user" or "runs_as_root" => "USER",
            "exposed_ports" or "privileged_ports" => "EXPOSE",
            "healthcheck_missing" => "HEALTHCHECK",
            "instruction" => finding.Message.Split(' ').FirstOrDefault(w => w.Length > 1 && w.All(c => char.IsUpper(c) || c == '_')),
            _ => null,
        };
        if (instruction is null)
        {
            return null;
        }

        for (var i = dockerfileLines.Count - 1; i >= 0; i--)
        {
            if (dockerfileLines[i].TrimStart().StartsWith(instruction + " ", StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return finding.Gate == "dockerfile" ? 1 : null;
    }
}
