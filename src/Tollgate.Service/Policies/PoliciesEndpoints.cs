using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;
using Tollgate.Service.Http;
using Tollgate.Service.Security;

namespace Tollgate.Service.Policies;

/// <summary>
/// /v1/policies: CRUD of bundles (body: the bundle as JSON or YAML), validation without storing, activation.
/// Built-in packs are listed and activated as "pack:NAME". Roles: admin to change, ci to validate, read-only to read.
/// </summary>
public static class PoliciesEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/policies").RequireRole(ServiceRole.ReadOnly);
        group.MapGet("/", (PolicyStore store, bool? detail) => TypedResults.Ok(store.List().Select(p => PolicyResponse.From(p, detail == true)).ToList()));
        group.MapGet("/{id}", (string id, PolicyStore store) =>
            store.Get(id) is { } policy ? Results.Ok(PolicyResponse.From(policy, detail: true)) : ApiProblems.NotFound($"no policy {id}"));
        group.MapPost("/", (HttpRequest request, PolicyStore store, CancellationToken ct) => SaveAsync(request, store, null, ct)).RequireRole(ServiceRole.Admin);
        group.MapPut("/{id}", (string id, HttpRequest request, PolicyStore store, bool? active, CancellationToken ct) =>
            SaveAsync(request, store, id, ct, activate: active == true)).RequireRole(ServiceRole.Admin);
        group.MapDelete("/{id}", Delete).RequireRole(ServiceRole.Admin);
        group.MapPost("/{id}/activate", (string id, PolicyStore store) =>
            store.Activate(id) ? Results.Ok(PolicyResponse.From(store.Get(id)!, detail: false)) : ApiProblems.NotFound($"no policy {id}")).RequireRole(ServiceRole.Admin);
        group.MapPost("/validate", ValidateAsync).RequireRole(ServiceRole.Ci);
    }

    private static async Task<IResult> SaveAsync(HttpRequest request, PolicyStore store, string? replaceId, CancellationToken ct, bool activate = false)
    {
        var text = await BodyText.ReadAsync(request, PolicyStore.MaxBundleBytes, ct);
        if (text is null)
        {
            return ApiProblems.TooLarge("the policy bundle", PolicyStore.MaxBundleBytes);
        }

        if (replaceId?.StartsWith(BundleLoader.PackPrefix, StringComparison.Ordinal) == true)
        {
            return ApiProblems.BadRequest($"{replaceId} is a built-in pack and cannot be replaced");
        }

        var saved = store.Save(text, replaceId);
        switch (saved.Outcome)
        {
            case PolicySaveOutcome.Invalid:
                return ApiProblems.Invalid($"the policy bundle is invalid: {saved.Problems.Count(p => p.Severity == ProblemSeverity.Error)} error(s)", saved.Problems);
            case PolicySaveOutcome.Exists:
                return ApiProblems.Conflict("a policy with this id exists; PUT /v1/policies/{id} replaces it");
            case PolicySaveOutcome.NotFound:
                return ApiProblems.NotFound($"no policy {replaceId}");
        }

        var policy = saved.Policy!;
        if (activate && store.Activate(policy.PolicyId))
        {
            policy = store.Get(policy.PolicyId)!;
        }

        var body = PolicyResponse.From(policy, detail: false) with { Warnings = saved.Problems.Select(InputProblem.From).ToList() };
        return replaceId is null ? Results.Created($"/v1/policies/{Uri.EscapeDataString(policy.PolicyId)}", body) : Results.Ok(body);
    }

    private static IResult Delete(string id, PolicyStore store) => store.Delete(id) switch
    {
        PolicyDeleteOutcome.Deleted => Results.NoContent(),
        PolicyDeleteOutcome.Active => ApiProblems.Conflict($"policy {id} is the active bundle; activate another one first"),
        PolicyDeleteOutcome.BuiltIn => ApiProblems.BadRequest($"{id} is a built-in pack and cannot be deleted"),
        _ => ApiProblems.NotFound($"no policy {id}"),
    };

    /// <summary>Anchore's validate_bundle: {valid, validation_details[]}, nothing stored.</summary>
    private static async Task<IResult> ValidateAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await BodyText.ReadAsync(request, PolicyStore.MaxBundleBytes, ct);
        if (text is null)
        {
            return ApiProblems.TooLarge("the policy bundle", PolicyStore.MaxBundleBytes);
        }

        var read = BundleLoader.ReadText(text, strict: true);
        return Results.Ok(new PolicyValidation(!read.HasErrors, read.Problems.Select(InputProblem.From).ToList()));
    }
}

/// <summary>A policy as the API shows it (the bundle itself with ?detail=true or on GET by id).</summary>
public sealed record PolicyResponse(
    string PolicyId,
    string? Name,
    string Source,
    string Version,
    bool Active,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdated,
    JsonObject? Policybundle)
{
    public IReadOnlyList<InputProblem>? Warnings { get; init; }

    public static PolicyResponse From(StoredPolicy p, bool detail) =>
        new(p.PolicyId, p.Name, p.Source, p.Version, p.Active, p.CreatedAt, p.UpdatedAt,
            detail ? BundleWriter.ToNode(p.Bundle, p.Bundle.Format) : null);
}

public sealed record PolicyValidation(bool Valid, IReadOnlyList<InputProblem> ValidationDetails);
