using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Facts;

/// <summary>
/// How the image runs and how it was made: the effective user (resolved through /etc/passwd), layers with the
/// instruction behind each, the Dockerfile (rebuilt, or the real one given with --dockerfile) and the base image.
/// Runs after the accounts step, whose passwd it reads.
/// </summary>
public sealed class ImageFactsStep : IAnalysisStep
{
    public string Name => "image-facts";

    public IReadOnlyList<ContentRequest> Requests => [];

    public void Run(AnalysisBuilder analysis)
    {
        var metadata = analysis.Image.Metadata;
        var layers = LayerHistory.Layers(metadata);
        var uid = EffectiveUid(metadata.Config.User, analysis.Accounts);
        if (uid is null)
        {
            analysis.Warnings.Add($"image config: USER '{metadata.Config.User}' is not in /etc/passwd; the container would not start as it");
        }

        analysis.Facts = new ImageFacts
        {
            User = metadata.Config.User ?? "",
            EffectiveUid = uid,
            RunsAsRoot = uid == 0,
            Layers = layers,
            Dockerfile = analysis.Options.DockerfileText ?? DockerfileRebuilder.Rebuild(metadata.History),
            DockerfileProvided = analysis.Options.DockerfileText is not null,
            BaseImage = BaseImageDetector.Detect(metadata, analysis.Distro, layers),
        };
    }

    /// <summary>"" → 0 (root); "1000" or "1000:1000" → 1000; "app[:group]" → app's uid from passwd, or null when absent.</summary>
    public static int? EffectiveUid(string? user, AccountFacts? accounts)
    {
        var name = (user ?? "").Split(':')[0].Trim();
        if (name.Length == 0)
        {
            return 0;
        }

        if (int.TryParse(name, out var numeric))
        {
            return numeric;
        }

        return accounts?.Users.FirstOrDefault(u => u.Name == name)?.Uid;
    }
}
