using Tollgate.Images.References;

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

        var parts = RegistryReference.Split(rest);
        var registry = parts.Host == "index.docker.io" ? RegistryReference.DockerHub : parts.Host;
        var repository = registry == RegistryReference.DockerHub && !parts.Repository.Contains('/') ? "library/" + parts.Repository : parts.Repository;
        return new ImageReference(registry, repository, parts.Tag, parts.Digest);
    }
}
