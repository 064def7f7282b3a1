using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Service.Policies;

/// <summary>
/// What an analysis keeps for the checks to come. The CLI knows its bundle before reading an image; the service
/// analyses first and checks later against whichever bundle is asked for, so it keeps the union: Anchore's default
/// retrieve_files list, every retrieved_files path of every stored bundle and pack, and those of the admission bundles
/// (each file up to <see cref="PolicyInputLoader.MaxRetrievedBytes"/>, as the CLI). A path first named by a bundle
/// uploaded after an image's analysis is content_not_available for that image until it is analysed again — Anchore
/// behaves the same way.
/// </summary>
public sealed class RetrievedFileSet(PolicyStore policies, ServiceOptions options)
{
    /// <summary>Anchore Engine's analyzer_config retrieve_files list.</summary>
    public static IReadOnlyList<string> AnchoreDefaults { get; } = ["/etc/passwd", "/etc/services", "/etc/sudoers"];

    /// <summary>The paths to keep and whether any bundle needs a sha256 of every file (checksum and package verify rules).</summary>
    public (IReadOnlySet<string> Paths, bool FileDigests) Current()
    {
        var bundles = policies.List().Select(p => p.Bundle).Concat(AdmissionBundles()).ToList();
        var paths = new HashSet<string>(AnchoreDefaults, StringComparer.Ordinal);
        paths.UnionWith(bundles.SelectMany(PolicyInputLoader.RetrievedPaths));
        return (paths, bundles.Any(PolicyInputLoader.NeedsDigests));
    }

    /// <summary>The admission webhook's own bundles (files or packs); one that does not load is its module's error to report.</summary>
    private IEnumerable<PolicyBundle> AdmissionBundles() =>
        options.Admission.Bundles.Select(spec => BundleLoader.Load(spec, strict: false).Bundle).OfType<PolicyBundle>();
}
