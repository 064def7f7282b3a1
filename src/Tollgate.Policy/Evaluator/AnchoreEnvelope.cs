using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;

namespace Tollgate.Policy.Evaluator;

/// <summary>
/// The evaluation as Anchore Engine's policy engine returns it (catalog fields image_digest and status included):
/// a decision table with Anchore's header, lower-case actions, and the bundle as evaluated.
/// </summary>
public static class AnchoreEnvelope
{
    public static readonly string[] Header = ["Image_Id", "Repo_Tag", "Trigger_Id", "Gate", "Trigger", "Check_Output", "Gate_Action", "Whitelisted", "Policy_Id"];

    public static JsonObject Build(Evaluation evaluation, PolicyBundle bundle)
    {
        var imageId = Hex(evaluation.ImageId) ?? "";
        var rows = new JsonArray();
        foreach (var f in evaluation.Findings)
        {
            JsonNode whitelisted = f.AllowlistedBy is { } a
                ? new JsonObject { ["whitelist_name"] = a.WhitelistName, ["whitelist_id"] = a.WhitelistId, ["matched_rule_id"] = a.ItemId }
                : JsonValue.Create(false);
            rows.Add(new JsonArray(imageId, evaluation.Tag, f.TriggerId, f.Gate, f.Trigger, f.Message, f.Action.ToLowerInvariant(), whitelisted, f.PolicyId));
        }

        var created = evaluation.EvaluatedAt.ToUnixTimeSeconds();
        var bundleNode = BundleWriter.ToNode(bundle, BundleFormat.V1);
        return new JsonObject
        {
            ["user_id"] = "tollgate",
            ["image_id"] = imageId,
            ["tag"] = evaluation.Tag,
            ["bundle"] = bundleNode,
            ["matched_mapping_rule"] = Rule(bundleNode["mappings"], evaluation.MatchedMappingId, evaluation.MatchedMappingName),
            ["matched_whitelisted_images_rule"] = Rule(bundleNode["whitelisted_images"], null, evaluation.MatchedAllowlistedImage),
            ["matched_blacklisted_images_rule"] = Rule(bundleNode["blacklisted_images"], null, evaluation.MatchedDenylistedImage),
            ["final_action"] = evaluation.FinalAction.ToLowerInvariant(),
            ["final_action_reason"] = evaluation.FinalActionReason,
            ["evaluation_problems"] = new JsonArray([.. evaluation.Problems.Select(p => new JsonObject { ["severity"] = p.Severity, ["problem_type"] = p.ProblemType, ["details"] = p.Details })]),
            ["created_at"] = created,
            ["last_modified"] = created,
            ["image_digest"] = evaluation.ImageDigest,
            ["status"] = evaluation.Status,
            ["result"] = new JsonObject
            {
                [imageId] = new JsonObject
                {
                    ["result"] = new JsonObject
                    {
                        ["header"] = new JsonArray([.. Header.Select(h => JsonValue.Create(h))]),
                        ["row_count"] = rows.Count,
                        ["rows"] = rows,
                        ["final_action"] = evaluation.PolicyAction.ToLowerInvariant(),
                    },
                },
                ["policy_data"] = new JsonArray(),
                ["whitelist_data"] = new JsonArray(),
                ["policy_name"] = "",
                ["whitelist_names"] = new JsonArray(),
            },
        };
    }

    /// <summary>The matched rule object from the bundle, or false (Anchore's "no match").</summary>
    private static JsonNode Rule(JsonNode? list, string? id, string? name)
    {
        if ((id is not null || name is not null) && list is JsonArray array)
        {
            var match = array.OfType<JsonObject>().FirstOrDefault(o => (id is not null && o["id"]?.GetValue<string>() == id) || (id is null && (o["name"]?.GetValue<string>() == name || o["id"]?.GetValue<string>() == name)));
            if (match is not null)
            {
                return match.DeepClone();
            }
        }

        return JsonValue.Create(false);
    }

    private static string? Hex(string? digest) => digest is not null && digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
}
