using System.Text.Json.Nodes;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Admission;

/// <summary>AdmissionReview requests: the real captures from ../shared/corpora/samples/k8s-admission, and ones built per kind.</summary>
public static class Reviews
{
    public static readonly IReadOnlyDictionary<string, (string Group, string Resource, string[] PodSpecPath)> Kinds =
        new Dictionary<string, (string, string, string[])>
        {
            ["Pod"] = ("", "pods", ["spec"]),
            ["Deployment"] = ("apps", "deployments", ["spec", "template", "spec"]),
            ["ReplicaSet"] = ("apps", "replicasets", ["spec", "template", "spec"]),
            ["StatefulSet"] = ("apps", "statefulsets", ["spec", "template", "spec"]),
            ["DaemonSet"] = ("apps", "daemonsets", ["spec", "template", "spec"]),
            ["Job"] = ("batch", "jobs", ["spec", "template", "spec"]),
            ["CronJob"] = ("batch", "cronjobs", ["spec", "jobTemplate", "spec", "template", "spec"]),
            ["ReplicationController"] = ("", "replicationcontrollers", ["spec", "template", "spec"]),
        };

    /// <summary>A full AdmissionReview envelope from a corpus file (wrapping the kubewarden request-only captures).</summary>
    public static JsonObject Corpus(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(TestPaths.Corpus("samples", "k8s-admission", file)))!.AsObject();
        return node.ContainsKey("request")
            ? node
            : new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = node };
    }

    /// <summary>A CREATE review of <paramref name="kind"/> whose pod spec has the given containers, init containers and ephemeral containers.</summary>
    public static JsonObject For(string kind, string uid, string ns, string[] containers, string[]? init = null, string[]? ephemeral = null,
        JsonObject? labels = null, string operation = "CREATE")
    {
        var (group, resource, path) = Kinds[kind];
        var spec = new JsonObject { ["containers"] = List("app", containers) };
        if (init is not null)
        {
            spec["initContainers"] = List("init", init);
        }

        if (ephemeral is not null)
        {
            spec["ephemeralContainers"] = List("debug", ephemeral);
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = group.Length == 0 ? "v1" : $"{group}/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = "w-" + kind.ToLowerInvariant(), ["namespace"] = ns, ["labels"] = labels ?? new JsonObject() },
        };
        JsonObject at = obj;
        foreach (var step in path[..^1])
        {
            var next = new JsonObject();
            at[step] = next;
            at = next;
        }

        at[path[^1]] = spec;
        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
                ["resource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
                ["name"] = "w-" + kind.ToLowerInvariant(),
                ["namespace"] = ns,
                ["operation"] = operation,
                ["userInfo"] = new JsonObject { ["username"] = "dev" },
                ["object"] = obj,
            },
        };
    }

    /// <summary>Replaces every "image" value in the review's object (a real capture re-pointed at the test registry).</summary>
    public static JsonObject WithImages(JsonObject review, Func<string, string> map)
    {
        Walk(review["request"]!["object"]!);
        return review;

        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o.ToList())
                    {
                        if (key == "image" && value is JsonValue v && v.TryGetValue<string>(out var image))
                        {
                            o[key] = map(image);
                        }
                        else if (value is not null)
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a.OfType<JsonNode>())
                    {
                        Walk(item);
                    }

                    break;
            }
        }
    }

    private static JsonArray List(string prefix, string[] images) =>
        [.. images.Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"{prefix}-{i}", ["image"] = image })];
}
