using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Service.Admission.Selection;

/// <summary>How one image is to be checked, and which selector (if any) said so.</summary>
public sealed record ImageSelection(AdmissionMode Mode, string? BundleId, FailurePolicy FailurePolicy, string Because);

/// <summary>The object's labels, annotations and name, and its namespace's, as selectors read them.</summary>
public sealed record SelectionSubject(
    string? Namespace,
    IReadOnlyDictionary<string, string>? NamespaceLabels,
    string? Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public static SelectionSubject Of(string? ns, IReadOnlyDictionary<string, string>? namespaceLabels, string? requestName, JsonElement obj)
    {
        var metadata = obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var name = requestName is { Length: > 0 } ? requestName : Text(metadata, "name") ?? Text(metadata, "generateName");
        return new SelectionSubject(ns, namespaceLabels, name, Map(metadata, "labels"), Map(metadata, "annotations"));
    }

    private static string? Text(JsonElement metadata, string key) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, string> Map(JsonElement metadata, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in v.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                map[p.Name] = p.Value.GetString()!;
            }
        }

        return map;
    }
}

/// <summary>
/// Anchore's policy selection: per image, the first selector whose regexes match decides mode and bundle;
/// without a match the policy's default mode applies against its default (or the active) bundle.
/// </summary>
public static class PolicySelection
{
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    public static ImageSelection Select(AdmissionPolicy policy, SelectionSubject subject, string image)
    {
        for (var i = 0; i < policy.Selectors.Count; i++)
        {
            var selector = policy.Selectors[i];
            if (Matches(selector, subject, image))
            {
                return new ImageSelection(selector.Mode, selector.BundleId, policy.FailurePolicyFor(selector.Mode, selector),
                    $"selector {i} ({selector.ResourceType.ToString().ToLowerInvariant()} {selector.KeyRegex}={selector.ValueRegex})");
            }
        }

        return new ImageSelection(policy.DefaultMode, policy.DefaultBundleId, policy.FailurePolicyFor(policy.DefaultMode, null), "default");
    }

    /// <summary>Compiles every selector regex, so a bad config is refused when loaded rather than at the first pod.</summary>
    public static void Validate(AdmissionPolicy policy)
    {
        for (var i = 0; i < policy.Selectors.Count; i++)
        {
            foreach (var (field, pattern) in new[] { ("keyRegex", policy.Selectors[i].KeyRegex), ("valueRegex", policy.Selectors[i].ValueRegex) })
            {
                try
                {
                    _ = Regex(pattern);
                }
                catch (ArgumentException e)
                {
                    throw new FormatException($"selectors[{i}].{field}: '{pattern}' is not a valid regex: {e.Message}", e);
                }
            }
        }
    }

    private static bool Matches(PolicySelector selector, SelectionSubject subject, string image) => selector.ResourceType switch
    {
        SelectorTarget.Image => Full(selector.ValueRegex, image),
        SelectorTarget.Namespace => subject.NamespaceLabels is { } labels
            ? MatchesMap(selector, subject.Namespace, labels)
            : IsName(selector) && Full(selector.ValueRegex, subject.Namespace ?? ""),
        _ => MatchesMap(selector, subject.Name, subject.Labels) || subject.Annotations.Any(a => Full(selector.KeyRegex, a.Key) && Full(selector.ValueRegex, a.Value)),
    };

    private static bool MatchesMap(PolicySelector selector, string? name, IReadOnlyDictionary<string, string> map) =>
        (IsName(selector) && Full(selector.ValueRegex, name ?? ""))
        || map.Any(l => Full(selector.KeyRegex, l.Key) && Full(selector.ValueRegex, l.Value));

    private static bool IsName(PolicySelector selector) => selector.KeyRegex == "name";

    private static bool Full(string pattern, string text) => Regex(pattern).IsMatch(text);

    private static Regex Regex(string pattern) => Compiled.GetOrAdd(pattern, p =>
        new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
}
