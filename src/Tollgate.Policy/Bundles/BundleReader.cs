using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Bundles;

public sealed record BundleReadResult(PolicyBundle? Bundle, IReadOnlyList<BundleProblem> Problems)
{
    public bool HasErrors => Bundle is null || Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Parses a bundle (JSON or YAML, v1 "1_0" or v2) into <see cref="PolicyBundle"/>, collecting every shape problem
/// with its JSON path instead of stopping at the first. Registry checks (gates, triggers, params) are
/// <see cref="BundleValidator"/>'s job.
/// </summary>
public static class BundleReader
{
    public static BundleReadResult Parse(string text)
    {
        JsonNode? root;
        try
        {
            root = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) : YamlToJson.Convert(text);
        }
        catch (JsonException e)
        {
            return new BundleReadResult(null, [new BundleProblem("$", $"not valid JSON: {e.Message}")]);
        }
        catch (FormatException e)
        {
            return new BundleReadResult(null, [new BundleProblem("$", e.Message)]);
        }

        return Read(root);
    }

    public static BundleReadResult Read(JsonNode? root)
    {
        var w = new JsonWalker();
        if (w.Object(root, "$") is not { } o)
        {
            return new BundleReadResult(null, w.Problems);
        }

        var format = o.ContainsKey("rule_sets") || o.ContainsKey("allowlists") || o.ContainsKey("allowlisted_images") || o.ContainsKey("denylisted_images")
            ? BundleFormat.V2 : BundleFormat.V1;
        var keys = BundleKeys.For(format);
        var version = w.String(o, "version", "$", required: true);
        if (format == BundleFormat.V1 && version is not null && version != "1_0")
        {
            w.Error("$.version", $"unsupported bundle version '{version}' (expected \"1_0\")");
        }

        var bundle = new PolicyBundle
        {
            Id = w.String(o, "id", "$", required: true) ?? "",
            Name = w.String(o, "name", "$"),
            Version = version ?? keys.DefaultVersion,
            Comment = w.String(o, "comment", "$"),
            Description = w.String(o, "description", "$"),
            LastUpdated = o["last_updated"]?.DeepClone(),
            Format = format,
            Policies = w.Objects(o, keys.Policies, "$", required: true).Select(x => ReadPolicy(w, x.Item, x.Path)).ToList(),
            Whitelists = w.Objects(o, keys.Whitelists, "$").Select(x => ReadWhitelist(w, x.Item, x.Path)).ToList(),
            Mappings = w.Objects(o, "mappings", "$", required: true).Select(x => ReadMapping(w, x.Item, x.Path, keys)).ToList(),
            WhitelistedImages = w.Objects(o, keys.WhitelistedImages, "$").Select(x => ReadSelection(w, x.Item, x.Path)).ToList(),
            BlacklistedImages = w.Objects(o, keys.BlacklistedImages, "$").Select(x => ReadSelection(w, x.Item, x.Path)).ToList(),
            Extra = JsonWalker.Extra(o, "id", "name", "version", "comment", "description", "last_updated", keys.Policies, keys.Whitelists, "mappings", keys.WhitelistedImages, keys.BlacklistedImages),
        };
        return new BundleReadResult(bundle, w.Problems);
    }

    private static BundlePolicy ReadPolicy(JsonWalker w, JsonObject o, string path) => new()
    {
        Id = w.String(o, "id", path, required: true) ?? "",
        Name = w.String(o, "name", path),
        Version = w.String(o, "version", path),
        Comment = w.String(o, "comment", path),
        ArtifactType = w.String(o, "artifact_type", path),
        Rules = w.Objects(o, "rules", path).Select(x => ReadRule(w, x.Item, x.Path)).ToList(),
        Extra = JsonWalker.Extra(o, "id", "name", "version", "comment", "artifact_type", "rules"),
    };

    private static PolicyRule ReadRule(JsonWalker w, JsonObject o, string path) => new()
    {
        Id = w.String(o, "id", path),
        Gate = w.String(o, "gate", path, required: true) ?? "",
        Trigger = w.String(o, "trigger", path, required: true) ?? "",
        Action = w.String(o, "action", path, required: true) ?? "",
        Params = w.Objects(o, "params", path)
            .Select(x => new RuleParam(w.String(x.Item, "name", x.Path, required: true) ?? "", w.String(x.Item, "value", x.Path, required: true) ?? ""))
            .ToList(),
        Comment = w.String(o, "comment", path),
        Recommendation = w.String(o, "recommendation", path),
        Controls = o["controls"] is null ? null : ReadControls(w, o, path),
        Threshold = w.Integer(o, "threshold", path),
        Extra = JsonWalker.Extra(o, "id", "gate", "trigger", "action", "params", "comment", "recommendation", "controls", "threshold"),
    };

    private static ControlRefs? ReadControls(JsonWalker w, JsonObject o, string path)
    {
        if (w.Object(o["controls"], path + ".controls") is not { } c)
        {
            return null;
        }

        var p = path + ".controls";
        return new ControlRefs { Nist = w.Strings(c, "nist", p), Cci = w.Strings(c, "cci", p), Srg = w.Strings(c, "srg", p), References = w.Strings(c, "references", p) };
    }

    private static Whitelist ReadWhitelist(JsonWalker w, JsonObject o, string path) => new()
    {
        Id = w.String(o, "id", path, required: true) ?? "",
        Name = w.String(o, "name", path),
        Version = w.String(o, "version", path),
        Comment = w.String(o, "comment", path),
        Items = w.Objects(o, "items", path).Select(x => ReadItem(w, x.Item, x.Path)).ToList(),
        Extra = JsonWalker.Extra(o, "id", "name", "version", "comment", "items"),
    };

    private static WhitelistItem ReadItem(JsonWalker w, JsonObject o, string path)
    {
        var expires = w.String(o, "expires_on", path);
        DateTimeOffset? at = null;
        if (expires is not null)
        {
            if (DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                at = parsed;
            }
            else
            {
                w.Error(path + ".expires_on", $"'{expires}' is not an RFC 3339 date-time");
            }
        }

        return new WhitelistItem
        {
            Id = w.String(o, "id", path),
            Gate = w.String(o, "gate", path, required: true) ?? "",
            TriggerId = w.String(o, "trigger_id", path, required: true) ?? "",
            ExpiresOn = expires,
            ExpiresAt = at,
            Comment = w.String(o, "comment", path),
            Package = w.String(o, "package", path),
            PackageVersion = w.String(o, "version", path),
            Path = w.String(o, "path", path),
            Reason = w.String(o, "reason", path),
            Owner = w.String(o, "owner", path),
            Extra = JsonWalker.Extra(o, "id", "gate", "trigger_id", "expires_on", "comment", "package", "version", "path", "reason", "owner"),
        };
    }

    private static PolicyMapping ReadMapping(JsonWalker w, JsonObject o, string path, BundleKeys keys)
    {
        var ids = w.Strings(o, keys.PolicyIds, path);
        var legacy = w.String(o, "policy_id", path);
        if (legacy is not null && o.ContainsKey(keys.PolicyIds))
        {
            w.Error(path, $"give either policy_id or {keys.PolicyIds}, not both");
        }

        return new PolicyMapping
        {
            Id = w.String(o, "id", path),
            Name = w.String(o, "name", path),
            Registry = w.String(o, "registry", path, required: true) ?? "*",
            Repository = w.String(o, "repository", path, required: true) ?? "*",
            Image = ReadSelector(w, o, path),
            PolicyIds = legacy is not null && ids.Count == 0 ? [legacy] : ids,
            LegacyPolicyId = legacy is not null && ids.Count == 0,
            WhitelistIds = w.Strings(o, keys.WhitelistIds, path),
            Extra = JsonWalker.Extra(o, "id", "name", "registry", "repository", "image", keys.PolicyIds, "policy_id", keys.WhitelistIds),
        };
    }

    private static ImageSelectionRule ReadSelection(JsonWalker w, JsonObject o, string path) => new()
    {
        Id = w.String(o, "id", path),
        Name = w.String(o, "name", path),
        Registry = w.String(o, "registry", path, required: true) ?? "*",
        Repository = w.String(o, "repository", path, required: true) ?? "*",
        Image = ReadSelector(w, o, path),
        Extra = JsonWalker.Extra(o, "id", "name", "registry", "repository", "image"),
    };

    private static ImageSelector ReadSelector(JsonWalker w, JsonObject o, string path)
    {
        if (!o.ContainsKey("image"))
        {
            w.Error(path + ".image", "is required");
            return new ImageSelector("tag", "*");
        }

        var image = w.Object(o["image"], path + ".image");
        if (image is null)
        {
            return new ImageSelector("tag", "*");
        }

        return new ImageSelector(w.String(image, "type", path + ".image", required: true) ?? "tag", w.String(image, "value", path + ".image", required: true) ?? "*");
    }
}
