using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Bundles;

/// <summary>Writes a bundle in either layout; with <see cref="BundleReader"/> this is the lossless v1 ⇄ v2 conversion.</summary>
public static class BundleWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(PolicyBundle bundle, BundleFormat format) => ToNode(bundle, format).ToJsonString(Indented);

    public static JsonObject ToNode(PolicyBundle bundle, BundleFormat format)
    {
        var keys = BundleKeys.For(format);
        var o = new JsonObject
        {
            ["id"] = bundle.Id,
            ["version"] = ConvertVersion(bundle.Version, bundle.Format, format),
        };
        Set(o, "name", bundle.Name);
        Set(o, "comment", bundle.Comment);
        Set(o, "description", bundle.Description);
        if (bundle.LastUpdated is not null)
        {
            o["last_updated"] = bundle.LastUpdated.DeepClone();
        }

        o[keys.Policies] = Array(bundle.Policies.Select(p => Policy(p, bundle.Format, format)));
        o[keys.Whitelists] = Array(bundle.Whitelists.Select(w => Whitelist(w, bundle.Format, format)));
        o["mappings"] = Array(bundle.Mappings.Select(m => Mapping(m, keys, format)));
        o[keys.WhitelistedImages] = Array(bundle.WhitelistedImages.Select(Selection));
        o[keys.BlacklistedImages] = Array(bundle.BlacklistedImages.Select(Selection));
        return AddExtra(o, bundle.Extra);
    }

    private static JsonObject Policy(BundlePolicy p, BundleFormat from, BundleFormat to)
    {
        var o = new JsonObject { ["id"] = p.Id };
        Set(o, "name", p.Name);
        Set(o, "version", p.Version is null ? null : ConvertVersion(p.Version, from, to));
        Set(o, "comment", p.Comment);
        Set(o, "artifact_type", p.ArtifactType);
        o["rules"] = Array(p.Rules.Select(Rule));
        return AddExtra(o, p.Extra);
    }

    private static JsonObject Rule(PolicyRule r)
    {
        var o = new JsonObject();
        Set(o, "id", r.Id);
        o["gate"] = r.Gate;
        o["trigger"] = r.Trigger;
        o["action"] = r.Action;
        o["params"] = Array(r.Params.Select(p => new JsonObject { ["name"] = p.Name, ["value"] = p.Value }));
        Set(o, "comment", r.Comment);
        Set(o, "recommendation", r.Recommendation);
        if (r.Controls is { IsEmpty: false } c)
        {
            o["controls"] = Controls(c);
        }

        if (r.Threshold is { } t)
        {
            o["threshold"] = t;
        }

        return AddExtra(o, r.Extra);
    }

    private static JsonObject Controls(ControlRefs c)
    {
        var o = new JsonObject();
        foreach (var (key, list) in new[] { ("nist", c.Nist), ("cci", c.Cci), ("srg", c.Srg), ("references", c.References) })
        {
            if (list.Count > 0)
            {
                o[key] = Array(list.Select(s => JsonValue.Create(s)));
            }
        }

        return o;
    }

    private static JsonObject Whitelist(Whitelist w, BundleFormat from, BundleFormat to)
    {
        var o = new JsonObject { ["id"] = w.Id };
        Set(o, "name", w.Name);
        Set(o, "version", w.Version is null ? null : ConvertVersion(w.Version, from, to));
        Set(o, "comment", w.Comment);
        o["items"] = Array(w.Items.Select(i =>
        {
            var item = new JsonObject();
            Set(item, "id", i.Id);
            item["gate"] = i.Gate;
            item["trigger_id"] = i.TriggerId;
            Set(item, "expires_on", i.ExpiresOn);
            Set(item, "comment", i.Comment);
            Set(item, "package", i.Package);
            Set(item, "version", i.PackageVersion);
            Set(item, "path", i.Path);
            Set(item, "reason", i.Reason);
            Set(item, "owner", i.Owner);
            return AddExtra(item, i.Extra);
        }));
        return AddExtra(o, w.Extra);
    }

    private static JsonObject Mapping(PolicyMapping m, BundleKeys keys, BundleFormat to)
    {
        var o = new JsonObject();
        Set(o, "id", m.Id);
        Set(o, "name", m.Name);
        o["registry"] = m.Registry;
        o["repository"] = m.Repository;
        o["image"] = new JsonObject { ["type"] = m.Image.Type, ["value"] = m.Image.Value };
        if (m.LegacyPolicyId && to == BundleFormat.V1 && m.PolicyIds.Count == 1)
        {
            o["policy_id"] = m.PolicyIds[0];
        }
        else
        {
            o[keys.PolicyIds] = Array(m.PolicyIds.Select(s => JsonValue.Create(s)));
        }

        o[keys.WhitelistIds] = Array(m.WhitelistIds.Select(s => JsonValue.Create(s)));
        return AddExtra(o, m.Extra);
    }

    private static JsonObject Selection(ImageSelectionRule s)
    {
        var o = new JsonObject();
        Set(o, "id", s.Id);
        Set(o, "name", s.Name);
        o["registry"] = s.Registry;
        o["repository"] = s.Repository;
        o["image"] = new JsonObject { ["type"] = s.Image.Type, ["value"] = s.Image.Value };
        return AddExtra(o, s.Extra);
    }

    /// <summary>The layouts' default version strings swap ("1_0" ⇄ "2"); any other version is kept.</summary>
    private static string ConvertVersion(string version, BundleFormat from, BundleFormat to) =>
        from != to && version == BundleKeys.For(from).DefaultVersion ? BundleKeys.For(to).DefaultVersion : version;

    private static void Set(JsonObject o, string key, string? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    private static JsonObject AddExtra(JsonObject o, IReadOnlyDictionary<string, JsonNode?> extra)
    {
        foreach (var (k, v) in extra)
        {
            o[k] = v?.DeepClone();
        }

        return o;
    }
}
