using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Reports.Model;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Reports.Gitlab;

/// <summary>GitLab container-scanning report (schema 15.2.1): one vulnerability per match, ids stable across runs.</summary>
public sealed class GitlabRenderer : IReportRenderer
{
    public string Format => "gitlab";

    public void Render(ReportInput input, Stream output)
    {
        var time = input.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var os = input.Analysis.Distro is { } d ? $"{d.Id} {d.VersionId}".Trim() : "unknown";
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("version", "15.2.1");
        w.WriteStartObject("scan");
        WriteTool(w, "analyzer", input.ToolVersion);
        WriteTool(w, "scanner", input.ToolVersion);
        w.WriteString("start_time", time);
        w.WriteString("end_time", time);
        w.WriteString("status", "success");
        w.WriteString("type", "container_scanning");
        w.WriteEndObject();
        w.WriteStartArray("vulnerabilities");
        foreach (var m in input.VisibleMatches)
        {
            w.WriteStartObject();
            w.WriteString("id", StableId(m));
            w.WriteString("name", $"{m.Id} in {m.PackageName}");
            if (m.Title is not null)
            {
                w.WriteString("description", m.Title);
            }

            w.WriteString("severity", Severity(m.Severity));
            w.WriteString("solution", m.FixedIn.Count > 0 ? $"Upgrade {m.PackageName} to {string.Join(" or ", m.FixedIn)}" : $"No fix available ({m.FixState})");
            w.WriteStartArray("identifiers");
            foreach (var id in m.Aliases.Prepend(m.Id).Distinct())
            {
                w.WriteStartObject();
                w.WriteString("type", id.Split('-')[0].ToLowerInvariant());
                w.WriteString("name", id);
                w.WriteString("value", id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (m.Urls.Count > 0)
            {
                w.WriteStartArray("links");
                foreach (var url in m.Urls)
                {
                    w.WriteStartObject();
                    w.WriteString("url", url);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartObject("location");
            w.WriteStartObject("dependency");
            w.WriteStartObject("package");
            w.WriteString("name", m.PackageName);
            w.WriteEndObject();
            w.WriteString("version", m.PackageVersion);
            w.WriteEndObject();
            w.WriteString("operating_system", os);
            w.WriteString("image", input.ImageName);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, string name, string version)
    {
        w.WriteStartObject(name);
        w.WriteString("id", "tollgate");
        w.WriteString("name", "Tollgate");
        w.WriteString("version", version);
        w.WriteStartObject("vendor");
        w.WriteString("name", "Tollgate");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>GitLab tracks findings across pipelines by id: derive it from what the finding is, not from the run.</summary>
    private static string StableId(VulnerabilityMatch m)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{m.Id}\n{m.PackageName}\n{m.PackageVersion}\n{m.PackageType}"));
        return new Guid(hash[..16]).ToString();
    }

    private static string Severity(string severity) => severity switch
    {
        Severities.Critical or Severities.High or Severities.Medium or Severities.Low => severity,
        Severities.Negligible => "Info",
        _ => "Unknown",
    };
}
