using System.Text;
using Tollgate.Analysis;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images;
using Tollgate.Images.Content;
using Tollgate.Images.Model;
using Tollgate.Policy.Bundles;

namespace Tollgate.Policy.Evaluator;

/// <summary>
/// Reads an image once for a policy check: the analysis steps' content plus the files the bundle needs kept
/// (Anchore's retrieve_files: /etc/passwd and every retrieved_files path), then analyses it.
/// </summary>
public static class PolicyInputLoader
{
    private const string RequestName = "policy-retrieved-files";

    /// <summary>Larger files are not kept (a rule on them sees content_not_available), as Anchore's retrieve_files bound.</summary>
    public const int MaxRetrievedBytes = 1024 * 1024;

    public static Task<PolicyInput> LoadAsync(string source, PolicyBundle bundle, AnalyzeOptions options, CancellationToken cancellationToken = default) =>
        LoadAsync(source, RetrievedPaths(bundle), NeedsDigests(bundle), options, cancellationToken);

    /// <summary>
    /// Reads an image keeping <paramref name="retrievedPaths"/> (the service analyses before it knows which bundle will
    /// check the image, so it asks for every path its bundles name); <paramref name="fileDigests"/> computes a sha256 of
    /// every file.
    /// </summary>
    public static async Task<PolicyInput> LoadAsync(string source, IReadOnlySet<string> retrievedPaths, bool fileDigests, AnalyzeOptions options, CancellationToken cancellationToken = default)
    {
        var steps = AnalysisPipeline.Steps;
        var load = options.Load with
        {
            ContentRequests = [.. options.Load.ContentRequests, RetrievedFilesRequest(retrievedPaths), .. steps.SelectMany(s => s.Requests)],
            FileSha256 = options.Load.FileSha256 || fileDigests,
        };
        using var image = await ImageLoader.LoadAsync(source, load, cancellationToken);
        var analysis = ImageAnalyzer.Analyze(image, options with { FileDigests = options.FileDigests || load.FileSha256 }, steps);
        return new PolicyInput { Analysis = analysis, RetrievedFiles = RetrievedFiles(image) };
    }

    /// <summary>Paths the bundle's rules read as retrieved files, always including /etc/passwd.</summary>
    public static IReadOnlySet<string> RetrievedPaths(PolicyBundle bundle)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal) { "/etc/passwd" };
        foreach (var rule in bundle.Policies.SelectMany(p => p.Rules).Where(r => r.Gate.Equals("retrieved_files", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var p in rule.Params.Where(p => p.Name.Equals("path", StringComparison.OrdinalIgnoreCase)))
            {
                paths.Add(p.Value);
            }
        }

        return paths;
    }

    public static ContentRequest RetrievedFilesRequest(PolicyBundle bundle) => RetrievedFilesRequest(RetrievedPaths(bundle));

    private static ContentRequest RetrievedFilesRequest(IReadOnlySet<string> paths) =>
        new() { Name = RequestName, PathMatches = paths.Contains, MaxBytes = MaxRetrievedBytes };

    private static IReadOnlyDictionary<string, string> RetrievedFiles(LoadedImage image)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kept in image.Contents.For(RequestName).Where(f => !f.Shadowed))
        {
            using var stream = image.Contents.Open(kept);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files[kept.Path] = reader.ReadToEnd();
        }

        return files;
    }

    /// <summary>Checksum rules and package verification need a sha256 of every file; only then is it computed.</summary>
    public static bool NeedsDigests(PolicyBundle bundle) =>
        bundle.Policies.SelectMany(p => p.Rules).Any(r =>
            (r.Gate.Equals("files", StringComparison.OrdinalIgnoreCase) && r.Trigger.Equals("attribute_match", StringComparison.OrdinalIgnoreCase)
                && r.Params.Any(p => p.Name.Equals("checksum", StringComparison.OrdinalIgnoreCase)))
            || (r.Gate.Equals("packages", StringComparison.OrdinalIgnoreCase) && r.Trigger.Equals("verify", StringComparison.OrdinalIgnoreCase)));
}
