using System.Security.Cryptography;
using System.Text;
using Tollgate.Policy.Bundles;

namespace Tollgate.Service.Admission.Backend;

/// <summary>A policy bundle and the version verdicts are cached under: the sha256 of its text.</summary>
public sealed record LoadedBundle(string Spec, PolicyBundle Bundle, string Version);

/// <summary>
/// One bundle the backend evaluates: a file (re-read when it changes, so an added allowlist entry applies at once)
/// or a built-in pack. A file that stops validating keeps the previous bundle and reports why.
/// </summary>
public sealed class BundleSource
{
    private readonly WatchedFiles<LoadedBundle>? _file;
    private readonly LoadedBundle? _pack;

    public BundleSource(string spec, TimeSpan checkInterval)
    {
        Spec = spec;
        if (spec.StartsWith(BundleLoader.PackPrefix, StringComparison.Ordinal))
        {
            var read = BundleLoader.Load(spec, strict: false);
            _pack = new LoadedBundle(spec, Valid(spec, read), Hash(spec + "\n" + read.Bundle!.Version + "\n" + typeof(BundleLoader).Assembly.ManifestModule.ModuleVersionId));
        }
        else
        {
            _file = new WatchedFiles<LoadedBundle>([spec], () =>
            {
                var text = File.ReadAllText(spec);
                return new LoadedBundle(spec, Valid(spec, BundleLoader.ReadText(text, strict: false)), Hash(text));
            }, checkInterval);
        }
    }

    public string Spec { get; }

    public LoadedBundle Current => _pack ?? _file!.Current;

    private static PolicyBundle Valid(string spec, BundleReadResult read) =>
        read.HasErrors || read.Bundle is null
            ? throw new InvalidDataException($"policy bundle {spec}: {string.Join("; ", read.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.ToString()))}")
            : read.Bundle;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
