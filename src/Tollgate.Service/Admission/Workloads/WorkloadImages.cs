using System.Text.Json;

namespace Tollgate.Service.Admission.Workloads;

/// <summary>One image slot of a pod spec: which list it is in, the container's name, the image as written, and its JSON pointer.</summary>
public sealed record ContainerImage(string ContainerKind, string ContainerName, string Image, string Pointer);

/// <summary>What <see cref="WorkloadImages.Extract"/> found: the images, and anything malformed on the way.</summary>
public sealed record WorkloadScan(bool KnownKind, string? PodSpecPointer, IReadOnlyList<ContainerImage> Images, IReadOnlyList<string> Problems);

/// <summary>
/// Finds every image of a workload: containers, initContainers and ephemeralContainers of the pod spec, wherever
/// the kind keeps it. Other kinds are searched at the three usual places, so custom workloads with a pod template
/// (Argo Rollouts, Knative…) are checked too.
/// </summary>
public static class WorkloadImages
{
    public static readonly IReadOnlyList<string> ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    private static readonly string[] PodSpec = ["spec"];
    private static readonly string[] TemplateSpec = ["spec", "template", "spec"];
    private static readonly string[] CronJobSpec = ["spec", "jobTemplate", "spec", "template", "spec"];

    private static readonly Dictionary<string, string[]> PodSpecPaths = new(StringComparer.Ordinal)
    {
        ["Pod"] = PodSpec,
        ["Deployment"] = TemplateSpec,
        ["ReplicaSet"] = TemplateSpec,
        ["StatefulSet"] = TemplateSpec,
        ["DaemonSet"] = TemplateSpec,
        ["Job"] = TemplateSpec,
        ["ReplicationController"] = TemplateSpec,
        ["CronJob"] = CronJobSpec,
    };

    public static IReadOnlyCollection<string> KnownKinds => PodSpecPaths.Keys;

    public static WorkloadScan Extract(string? kind, JsonElement obj)
    {
        var known = kind is not null && PodSpecPaths.ContainsKey(kind);
        var candidates = known ? [PodSpecPaths[kind!]] : new[] { PodSpec, TemplateSpec, CronJobSpec };
        foreach (var path in candidates)
        {
            if (Walk(obj, path) is { ValueKind: JsonValueKind.Object } spec && (known || ContainerLists.Any(l => spec.TryGetProperty(l, out _))))
            {
                var pointer = "/" + string.Join('/', path);
                var problems = new List<string>();
                return new WorkloadScan(known, pointer, Images(spec, pointer, problems), problems);
            }
        }

        return new WorkloadScan(known, null, [], known ? [$"{kind} has no pod spec at /{string.Join('/', PodSpecPaths[kind!])}"] : []);
    }

    private static List<ContainerImage> Images(JsonElement spec, string pointer, List<string> problems)
    {
        var images = new List<ContainerImage>();
        foreach (var list in ContainerLists)
        {
            if (!spec.TryGetProperty(list, out var containers) || containers.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (containers.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{pointer}/{list} is not a list");
                continue;
            }

            var index = 0;
            foreach (var container in containers.EnumerateArray())
            {
                var at = $"{pointer}/{list}/{index++}";
                var name = container.ValueKind == JsonValueKind.Object && container.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()!
                    : at;
                if (container.ValueKind != JsonValueKind.Object || !container.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{at} ({name}) has no image");
                    continue;
                }

                images.Add(new ContainerImage(list.TrimEnd('s'), name, image.GetString()!, at + "/image"));
            }
        }

        return images;
    }

    private static JsonElement? Walk(JsonElement element, string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element;
    }
}
