using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Filters;

/// <summary>
/// VEX input, OpenVEX or CycloneDX (detected from the document): a statement that a product is not affected by,
/// or already fixed for, a vulnerability suppresses the matching rows. "affected" and "under_investigation"
/// statements suppress nothing. A statement about the image itself (no package product) covers every package.
/// </summary>
public sealed class VexDocuments(IReadOnlyList<VexStatement> statements) : IMatchFilter
{
    public IReadOnlyList<VexStatement> Statements => statements;

    public static VexDocuments Load(IEnumerable<string> paths)
    {
        var all = new List<VexStatement>();
        foreach (var path in paths)
        {
            JsonNode doc;
            try
            {
                doc = FeedJson.Parse(new FeedFile(path, () => File.OpenRead(path)));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FeedFormatException)
            {
                throw new InvalidDataException($"{path}: not a VEX document: {e.Message.Split('\n')[0]}");
            }

            var name = Path.GetFileName(path);
            if (doc["statements"] is JsonArray)
            {
                all.AddRange(OpenVex(doc, name));
            }
            else if (doc.Str("bomFormat") == "CycloneDX" || doc["vulnerabilities"] is JsonArray)
            {
                all.AddRange(CycloneDx(doc, name));
            }
            else
            {
                throw new InvalidDataException($"{path}: neither OpenVEX (\"statements\") nor CycloneDX VEX (\"vulnerabilities\")");
            }
        }

        return new VexDocuments(all);
    }

    private static IEnumerable<VexStatement> OpenVex(JsonNode doc, string file)
    {
        foreach (var s in doc.Arr("statements"))
        {
            var vuln = s?["vulnerability"] is JsonValue v ? v.ToString() : s?["vulnerability"].Str("name");
            var status = s.Str("status");
            if (vuln is null || status is null)
            {
                continue;
            }

            var aliases = s?["vulnerability"].Strings("aliases") ?? [];
            var products = new List<string>();
            var imageWide = false;
            foreach (var p in s.Arr("products"))
            {
                var id = p is JsonValue pv ? pv.ToString() : p.Str("@id") ?? p?["identifiers"].Str("purl");
                var subs = p.Arr("subcomponents").Select(sc => sc is JsonValue sv ? sv.ToString() : sc.Str("@id") ?? sc?["identifiers"].Str("purl")).OfType<string>().ToList();
                if (subs.Count > 0)
                {
                    products.AddRange(subs);
                }
                else if (id is not null && IsPackagePurl(id))
                {
                    products.Add(id);
                }
                else
                {
                    imageWide = true;
                }
            }

            yield return new VexStatement([vuln, .. aliases], products, imageWide || s.Arr("products").Count == 0, status, s.Str("justification"), "openvex:" + file);
        }
    }

    private static IEnumerable<VexStatement> CycloneDx(JsonNode doc, string file)
    {
        // bom-refs in "affects" name components of this BOM; map them to purls where the BOM lists them.
        var purlByRef = doc.Arr("components").Where(c => c.Str("bom-ref") is not null && c.Str("purl") is not null)
            .GroupBy(c => c.Str("bom-ref")!).ToDictionary(g => g.Key, g => g.First().Str("purl")!);
        foreach (var v in doc.Arr("vulnerabilities"))
        {
            var id = v.Str("id");
            var state = v?["analysis"].Str("state");
            if (id is null || state is null)
            {
                continue;
            }

            var refs = v.Arr("affects").Select(a => a.Str("ref")).OfType<string>().Select(r => purlByRef.GetValueOrDefault(r, r)).ToList();
            var status = state switch
            {
                "not_affected" or "false_positive" => "not_affected",
                "resolved" or "resolved_with_pedigree" => "fixed",
                "exploitable" => "affected",
                _ => "under_investigation",
            };
            var aliases = v.Arr("references").Select(r => r.Str("id")).OfType<string>();
            yield return new VexStatement([id, .. aliases], refs.Where(IsPackagePurl).ToList(), refs.Count == 0 || refs.Any(r => !IsPackagePurl(r)), status, v?["analysis"].Str("justification"), "cyclonedx-vex:" + file);
        }
    }

    private static bool IsPackagePurl(string id) => id.StartsWith("pkg:", StringComparison.Ordinal) && !id.StartsWith("pkg:oci/", StringComparison.Ordinal) && !id.StartsWith("pkg:docker/", StringComparison.Ordinal);

    public string? SuppressedBy(VulnerabilityMatch match)
    {
        foreach (var s in statements)
        {
            if (s.Status is not ("not_affected" or "fixed") || !s.Vulnerabilities.Any(id => MatchFilters.Names(match, id)))
            {
                continue;
            }

            if (s.AppliesToImage || s.Products.Any(p => MatchFilters.SamePurl(match.Purl, p)))
            {
                return $"{s.Origin} ({s.Status}{(s.Justification is null ? "" : ": " + s.Justification)})";
            }
        }

        return null;
    }
}

public sealed record VexStatement(
    IReadOnlyList<string> Vulnerabilities,
    IReadOnlyList<string> Products,
    bool AppliesToImage,
    string Status,
    string? Justification,
    string Origin);
