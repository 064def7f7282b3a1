using System.Text;
using System.Text.Json;
using Tollgate.Service.Admission.Review;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Admission;

/// <summary>
/// The mutating answer: a JSONPatch replacing each tag-only image with "repo:tag@digest", so the kubelet runs
/// exactly the digest that was checked, even if the tag moves afterwards.
/// </summary>
public static class DigestPatch
{
    public static AdmissionResponse Apply(AdmissionResponse response, IReadOnlyList<ContainerImage> containers, IReadOnlyList<ImageOutcome> outcomes)
    {
        var digests = outcomes.Where(o => o.Digest is not null).ToDictionary(o => o.Image, o => o.Digest!, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var container in containers)
            {
                if (digests.TryGetValue(container.Image, out var digest))
                {
                    json.WriteStartObject();
                    json.WriteString("op", "replace");
                    json.WriteString("path", container.Pointer);
                    json.WriteString("value", ImageName.Parse(container.Image).Pinned(digest));
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        return digests.Count == 0
            ? response
            : response with { Patch = Convert.ToBase64String(buffer.ToArray()), PatchType = "JSONPatch" };
    }

    /// <summary>The patch operations of a response, decoded (for tests and logs).</summary>
    public static string Decode(AdmissionResponse response) =>
        response.Patch is null ? "[]" : Encoding.UTF8.GetString(Convert.FromBase64String(response.Patch));
}
