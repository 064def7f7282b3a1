using Tollgate.Policy.Gates;
using Tollgate.Policy.Packs;

namespace Tollgate.Policy.Bundles;

/// <summary>Loads "pack:NAME" or a bundle file, and validates it: every problem, each with its path.</summary>
public static class BundleLoader
{
    public const string PackPrefix = "pack:";

    public static BundleReadResult Load(string spec, GateRegistry? registry = null, bool strict = true)
    {
        if (spec.StartsWith(PackPrefix, StringComparison.Ordinal))
        {
            var name = spec[PackPrefix.Length..];
            var pack = PackCatalog.Find(name);
            return pack is null
                ? new BundleReadResult(null, [new BundleProblem("$", $"no built-in pack '{name}' (packs: {string.Join(", ", PackCatalog.All.Select(p => p.Name))})")])
                : new BundleReadResult(pack.Bundle, BundleValidator.Validate(pack.Bundle, registry ?? GateRegistry.Default, strict));
        }

        if (!File.Exists(spec))
        {
            return new BundleReadResult(null, [new BundleProblem("$", $"{spec}: no such file")]);
        }

        return ReadText(File.ReadAllText(spec), registry, strict);
    }

    public static BundleReadResult ReadText(string text, GateRegistry? registry = null, bool strict = true)
    {
        var read = BundleReader.Parse(text);
        if (read.Bundle is null)
        {
            return read;
        }

        return read with { Problems = [.. read.Problems, .. BundleValidator.Validate(read.Bundle, registry ?? GateRegistry.Default, strict)] };
    }
}
