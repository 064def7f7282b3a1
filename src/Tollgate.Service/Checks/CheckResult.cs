using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Service.Policies;

namespace Tollgate.Service.Checks;

/// <summary>
/// One evaluation with the versions it was made from: the image (<paramref name="ImageId"/> null for a stateless
/// check), the bundle (<paramref name="Policy"/>: id and content hash) and the vulnerability DB.
/// </summary>
public sealed record CheckResult(string? ImageId, string ImageDigest, PolicyVersion Policy, string DbVersion, Evaluation Evaluation, bool Cached)
{
    private string? _anchoreJson;
    private string? _tollgateJson;

    public string PolicyId => Policy.PolicyId;

    public string BundleVersion => Policy.Version;

    /// <summary>
    /// Anchore Engine's GET /images/{digest}/check body: [{digest: {fulltag: [{status, policyId, last_evaluation,
    /// detail: {result, policy}}]}}], serialised once per cached result.
    /// </summary>
    public string AnchoreJson => _anchoreJson ??= AnchoreResponse().ToJsonString();

    /// <summary>Tollgate's own body: the evaluation model with the versions it was made from.</summary>
    public string TollgateJson => _tollgateJson ??= new JsonObject
    {
        ["image_id"] = ImageId,
        ["image_digest"] = ImageDigest,
        ["tag"] = Evaluation.Tag,
        ["policy_id"] = PolicyId,
        ["bundle_version"] = BundleVersion,
        ["db_version"] = DbVersion,
        ["status"] = Evaluation.Status,
        ["final_action"] = Evaluation.FinalAction,
        ["evaluation"] = JsonSerializer.SerializeToNode(Evaluation, PolicyJsonContext.Default.Evaluation),
    }.ToJsonString();

    public JsonArray AnchoreResponse()
    {
        var result = AnchoreEnvelope.Build(Evaluation, Policy.Bundle);
        result["image_digest"] = ImageDigest;
        var entry = new JsonObject
        {
            ["status"] = Evaluation.Status,
            ["policyId"] = PolicyId,
            ["last_evaluation"] = Evaluation.EvaluatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["detail"] = new JsonObject { ["result"] = result, ["policy"] = BundleWriter.ToNode(Policy.Bundle, Policy.Bundle.Format) },
        };
        return [new JsonObject { [ImageDigest] = new JsonObject { [Evaluation.Tag] = new JsonArray(entry) } }];
    }
}
