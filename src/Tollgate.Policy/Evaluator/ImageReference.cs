namespace Tollgate.Policy.Evaluator;

/// <summary>
/// An image tag parsed leniently the way Anchore maps it: registry defaults to docker.io, "library/" is added
/// to single-name Docker Hub repositories, "dockerhub/" becomes "docker.io/", and the tag defaults to latest.
/// A first component with '.' or ':' (or "localhost") is a registry, so private registries never fall to docker.io.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public string FullTag => $"{Registry}/{Repository}:{Tag ?? "latest"}";

    public static ImageReference Parse(string reference)
    {
        var rest = reference.Trim();
        if (rest.StartsWith("dockerhub/", StringComparison.Ordinal))
        {
            rest = "docker.io/" + rest["dockerhub/".Length..];
        }

        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        string registry;
        if (slash > 0 && (first.Contains('.') || first.Contains(':') || first == "localhost"))
        {
            registry = first;
            rest = rest[(slash + 1)..];
        }
        else
        {
            registry = "docker.io";
        }

        if (registry is "docker.io" or "index.docker.io" && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }

        return new ImageReference(registry == "index.docker.io" ? "docker.io" : registry, rest, tag ?? (digest is null ? "latest" : null), digest);
    }
}
