using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Output;

/// <summary>
/// CycloneDX 1.6 JSON with the image's components and a "vulnerabilities" list whose affects[].ref is the
/// bom-ref of the matched component (the package id), so tools can join findings to components.
/// </summary>
public static class ScanCycloneDx
{
    public static void Write(ImageAnalysis analysis, ScanResult result, TextWriter output, DateTimeOffset now)
    {
        var components = new JsonArray(analysis.Packages.Select(p => (JsonNode)Component(p)).ToArray());
        var vulns = new JsonArray();
        foreach (var group in result.Matches.GroupBy(m => m.Id))
        {
            var first = group.First();
            var v = new JsonObject
            {
                ["bom-ref"] = "vuln:" + first.Id,
                ["id"] = first.Id,
                ["source"] = new JsonObject { ["name"] = first.Namespace },
                ["ratings"] = new JsonArray(Rating(first)),
            };
            if (first.Aliases.Count > 0)
            {
                v["references"] = new JsonArray(first.Aliases.Select(a => (JsonNode)new JsonObject { ["id"] = a, ["source"] = new JsonObject { ["name"] = SourceOf(a) } }).ToArray());
            }

            if (first.Title is not null)
            {
                v["description"] = first.Title;
            }

            if (first.FixedIn.Count > 0)
            {
                v["recommendation"] = "Upgrade to " + string.Join(" or ", first.FixedIn);
            }

            if (first.SuppressedBy is not null)
            {
                v["analysis"] = new JsonObject { ["state"] = "not_affected", ["detail"] = first.SuppressedBy };
            }

            v["affects"] = new JsonArray(group.Select(m => m.PackageId).Distinct().Select(id => (JsonNode)new JsonObject { ["ref"] = id }).ToArray());
            vulns.Add(v);
        }

        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = "urn:uuid:" + Guid.NewGuid(),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject { ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "tollgate" }) },
                ["component"] = new JsonObject { ["type"] = "container", ["name"] = analysis.Image.Source, ["bom-ref"] = "image" },
            },
            ["components"] = components,
            ["vulnerabilities"] = vulns,
        };
        output.WriteLine(bom.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Component(Package p)
    {
        var c = new JsonObject
        {
            ["bom-ref"] = p.Id,
            ["type"] = PackageTypes.IsOs(p.Type) || p.Type != PackageTypes.Binary ? "library" : "application",
            ["name"] = p.Name,
            ["version"] = p.Version,
        };
        if (p.Purl is not null)
        {
            c["purl"] = p.Purl;
        }

        return c;
    }

    private static JsonObject Rating(VulnerabilityMatch m)
    {
        var r = new JsonObject { ["severity"] = m.Severity.ToLowerInvariant() == "negligible" ? "info" : m.Severity.ToLowerInvariant() };
        if (m.CvssScore is { } score)
        {
            r["score"] = score;
        }

        if (m.CvssVector is { } vector)
        {
            r["vector"] = vector;
            r["method"] = vector.StartsWith("CVSS:3.1", StringComparison.Ordinal) ? "CVSSv31" : vector.StartsWith("CVSS:3.0", StringComparison.Ordinal) ? "CVSSv3" : vector.StartsWith("CVSS:4", StringComparison.Ordinal) ? "CVSSv4" : "other";
        }

        if (m.SeveritySource is not null)
        {
            r["source"] = new JsonObject { ["name"] = m.SeveritySource };
        }

        return r;
    }

    private static string SourceOf(string id) => id.Split('-')[0] switch
    {
        "CVE" => "NVD",
        "GHSA" => "GitHub",
        "GO" => "Go Vulnerability Database",
        "RUSTSEC" => "RustSec",
        "PYSEC" => "PyPA",
        "DSA" or "DLA" => "Debian",
        _ => "other",
    };
}
