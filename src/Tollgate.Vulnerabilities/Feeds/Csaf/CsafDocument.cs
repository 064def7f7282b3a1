using System.Text.Json.Nodes;

namespace Tollgate.Vulnerabilities.Feeds.Csaf;

/// <summary>A product of a CSAF product tree: a package (purl) or a platform (cpe), or both, or neither.</summary>
public sealed record CsafProduct(string Id, string Name, string? Purl, string? Cpe);

/// <summary>
/// What a CSAF document says about one product for one vulnerability. A product made of a package installed on a
/// platform (Red Hat's "AppStream-8.9.0.GA:ruby-…") resolves to both through the tree's relationships.
/// </summary>
public sealed record CsafStatement(string Cve, string ProductId, string Status, CsafProduct? Package, CsafProduct? Platform)
{
    /// <summary>known_affected only: "no_fix_planned" or "none_available" when a remediation of that kind names the product.</summary>
    public string? Remediation { get; init; }

    /// <summary>known_not_affected only: the VEX justification flag ("vulnerable_code_not_present", …).</summary>
    public string? Justification { get; init; }
}

/// <summary>The four VEX states, with CSAF's finer status lists folded into them.</summary>
public static class CsafStatus
{
    public const string Fixed = "fixed";
    public const string NotAffected = "not_affected";
    public const string Affected = "affected";
    public const string UnderInvestigation = "under_investigation";

    /// <summary>CSAF 2.0 product_status list name → state (first_fixed/recommended are fixed; first/last_affected are affected).</summary>
    public static string? Of(string list) => list switch
    {
        "fixed" or "first_fixed" or "recommended" => Fixed,
        "known_not_affected" => NotAffected,
        "known_affected" or "first_affected" or "last_affected" => Affected,
        "under_investigation" => UnderInvestigation,
        _ => null,
    };
}

/// <summary>Reads a CSAF 2.0 document (csaf_vex or csaf_security_advisory) into per-product statements.</summary>
public sealed class CsafDocument
{
    private readonly Dictionary<string, CsafProduct> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Package, string Platform)> _relationships = new(StringComparer.Ordinal);

    private CsafDocument(JsonNode root)
    {
        Root = root;
        var document = root["document"] ?? throw new FeedFormatException("CSAF document without \"document\"");
        Id = document["tracking"].Str("id") ?? throw new FeedFormatException("CSAF document without document.tracking.id");
        Category = document.Str("category") ?? "";
        Severity = document["aggregate_severity"].Str("text");
        var tree = root["product_tree"];
        Walk(tree.Arr("branches"));
        foreach (var p in tree.Arr("full_product_names"))
        {
            AddProduct(p);
        }

        foreach (var r in tree.Arr("relationships"))
        {
            AddProduct(r?["full_product_name"]);
            if (r?["full_product_name"].Str("product_id") is { } id && r.Str("product_reference") is { } package && r.Str("relates_to_product_reference") is { } platform)
            {
                _relationships[id] = (package, platform);
            }
        }
    }

    public JsonNode Root { get; }

    /// <summary>document.tracking.id: "RHSA-2023:7025", "CVE-2024-8088", "2022-EVD-UC-01-NA-001".</summary>
    public string Id { get; }

    public string Category { get; }

    /// <summary>document.aggregate_severity.text ("Moderate", "Important"), when given.</summary>
    public string? Severity { get; }

    public static CsafDocument Parse(FeedFile file) => new(FeedJson.Parse(file));

    public IEnumerable<JsonNode> Vulnerabilities => Root.Arr("vulnerabilities").OfType<JsonNode>();

    /// <summary>Every product status of one vulnerability entry, resolved to package and platform.</summary>
    public IEnumerable<CsafStatement> Statements(JsonNode vulnerability)
    {
        var cve = vulnerability.Str("cve") ?? vulnerability.Arr("ids").Select(i => i.Str("text")).FirstOrDefault(t => t?.StartsWith("CVE-", StringComparison.Ordinal) == true);
        if (cve is null || vulnerability["product_status"] is not JsonObject statuses)
        {
            yield break;
        }

        var remediations = ByProduct(vulnerability.Arr("remediations"), "category", ["no_fix_planned", "none_available"]);
        var flags = ByProduct(vulnerability.Arr("flags"), "label", null);
        foreach (var (list, ids) in statuses)
        {
            if (CsafStatus.Of(list) is not { } status || ids is not JsonArray array)
            {
                continue;
            }

            foreach (var productId in array.OfType<JsonValue>().Select(v => v.ToString()))
            {
                var (package, platform) = Resolve(productId);
                yield return new CsafStatement(cve, productId, status, package, platform)
                {
                    Remediation = status == CsafStatus.Affected ? remediations.GetValueOrDefault(productId) : null,
                    Justification = status == CsafStatus.NotAffected ? flags.GetValueOrDefault(productId) : null,
                };
            }
        }
    }

    private (CsafProduct? Package, CsafProduct? Platform) Resolve(string productId) =>
        _relationships.TryGetValue(productId, out var r)
            ? (_products.GetValueOrDefault(r.Package), _products.GetValueOrDefault(r.Platform))
            : (_products.GetValueOrDefault(productId), null);

    /// <summary>product id → the value of <paramref name="key"/> of the first entry (of the given kinds) naming it.</summary>
    private static Dictionary<string, string> ByProduct(JsonArray entries, string key, string[]? kinds)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.Str(key) is { } value && (kinds is null || kinds.Contains(value)))
            {
                foreach (var id in e.Strings("product_ids"))
                {
                    map.TryAdd(id, value);
                }
            }
        }

        return map;
    }

    private void Walk(JsonArray branches)
    {
        foreach (var b in branches)
        {
            AddProduct(b?["product"]);
            Walk(b.Arr("branches"));
        }
    }

    private void AddProduct(JsonNode? p)
    {
        if (p.Str("product_id") is { } id)
        {
            var helper = p?["product_identification_helper"];
            _products[id] = new CsafProduct(id, p.Str("name") ?? id, helper.Str("purl"), helper.Str("cpe"));
        }
    }
}
