using Tollgate.Images;
using Tollgate.Images.References;

namespace Tollgate.Service.Admission.Workloads;

/// <summary>
/// An image reference from a pod spec, normalised the way the container runtime reads it: Docker Hub names gain
/// docker.io and library/, a missing tag is latest (unless a digest pins it).
/// </summary>
public sealed record ImageName(string Written, RegistryReference Reference)
{
    /// <summary>"docker.io/library/nginx".</summary>
    public string Repository => $"{Reference.Host}/{Reference.Repository}";

    /// <summary>"docker.io/library/nginx:latest" — what policy mappings match on.</summary>
    public string FullTag => $"{Repository}:{Reference.Tag ?? "latest"}";

    public string? Digest => Reference.Digest;

    /// <summary>The reference pinned to <paramref name="digest"/>, keeping the tag for readers: "nginx:1.27@sha256:…".</summary>
    public string Pinned(string digest) => $"{Repository}{(Reference.Tag is null ? "" : ":" + Reference.Tag)}@{digest}";

    public static ImageName Parse(string written)
    {
        if (string.IsNullOrWhiteSpace(written) || written.Length > 4096 || written.Any(char.IsWhiteSpace))
        {
            throw new FormatException($"image reference '{Shorten(written)}' is empty, too long or contains whitespace");
        }

        try
        {
            var reference = RegistryReference.Parse(written, "image");
            if (reference.Digest is { } digest && !KnownDigest(digest))
            {
                throw new FormatException($"image reference '{Shorten(written)}' has a malformed digest (sha256: and 64 hex digits, or sha512: and 128)");
            }

            return new ImageName(written, reference);
        }
        catch (ImageException e)
        {
            throw new FormatException($"image reference '{Shorten(written)}' cannot be parsed: {e.Problem}", e);
        }
    }

    private static bool KnownDigest(string digest)
    {
        var colon = digest.IndexOf(':');
        var hex = digest[(colon + 1)..];
        var length = digest[..colon] switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        return hex.Length == length && hex.All(char.IsAsciiHexDigitLower);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
