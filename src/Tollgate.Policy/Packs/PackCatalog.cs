using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;

namespace Tollgate.Policy.Packs;

/// <summary>A built-in policy pack: a bundle shipped as data (an embedded YAML file) with its name and version.</summary>
public sealed record PolicyPack(string Name, string Version, string Description, PolicyBundle Bundle)
{
    public int RuleCount => Bundle.Policies.Sum(p => p.Rules.Count);
}

/// <summary>The packs built into Tollgate (`pack:NAME`), read from the embedded YAML bundles in this folder.</summary>
public static class PackCatalog
{
    private static readonly Lazy<IReadOnlyList<PolicyPack>> Loaded = new(Load);

    public static IReadOnlyList<PolicyPack> All => Loaded.Value;

    public static PolicyPack? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<PolicyPack> Load()
    {
        var assembly = typeof(PackCatalog).Assembly;
        var packs = new List<PolicyPack>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Tollgate.Policy.Packs.", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var read = BundleReader.Parse(reader.ReadToEnd());
            if (read.HasErrors)
            {
                throw new InvalidDataException($"built-in pack {resource} is invalid: {string.Join("; ", read.Problems)}");
            }

            var meta = read.Bundle!.Extra.GetValueOrDefault("pack") as JsonObject;
            packs.Add(new PolicyPack(
                meta?["name"]?.GetValue<string>() ?? resource,
                meta?["version"]?.GetValue<string>() ?? "0",
                meta?["description"]?.GetValue<string>() ?? "",
                read.Bundle));
        }

        return packs;
    }
}
