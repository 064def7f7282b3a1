namespace Tollgate.Images.References;

/// <summary>"HOST/REPO[:tag][@digest]" with Docker's defaults: docker.io, "library/" for one-part names, tag "latest".</summary>
public sealed record RegistryReference
{
    public const string DockerHub = "docker.io";

    /// <summary>Registry host as written ("127.0.0.1:5000", "docker.io").</summary>
    public required string Host { get; init; }

    public required string Repository { get; init; }
    public string? Tag { get; init; }
    public string? Digest { get; init; }

    /// <summary>Host the API lives on (Docker Hub serves it from registry-1.docker.io).</summary>
    public string ApiHost => Host == DockerHub ? "registry-1.docker.io" : Host;

    /// <summary>Tag or digest to ask the registry for.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    public override string ToString() =>
        $"{Host}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>
    /// Splits a reference into its parts with Docker's defaults and no validation — for lenient readers such as the
    /// policy engine's tag matching. A first component with '.' or ':' (or "localhost") is a registry host, so private
    /// registries never fall to docker.io.
    /// </summary>
    public static RegistryReference Split(string text)
    {
        var rest = text;
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
        var hasHost = slash > 0 && (first.Contains('.') || first.Contains(':') || first == "localhost");
        var host = hasHost ? first : DockerHub;
        var repository = hasHost ? rest[(slash + 1)..] : rest;
        if (host == DockerHub && !repository.Contains('/'))
        {
            repository = "library/" + repository;
        }

        return new RegistryReference { Host = host, Repository = repository, Tag = tag ?? (digest is null ? "latest" : null), Digest = digest };
    }

    /// <summary>Splits and validates: an error naming <paramref name="source"/> for a bad digest, repository or tag.</summary>
    public static RegistryReference Parse(string text, string source)
    {
        var reference = Split(text);
        var (repository, tag, digest) = (reference.Repository, reference.Tag, reference.Digest);
        if (digest is not null && !SourceReference.DigestPattern().IsMatch(digest))
        {
            throw new ImageException(source, $"invalid digest '{digest}'");
        }

        if (repository.Split('/').Any(p => p.Length == 0) || repository.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')))
        {
            throw new ImageException(source, $"invalid repository name '{repository}' (lowercase letters, digits, '.', '_', '-', '/')");
        }

        if (tag is not null && (tag.Length is 0 or > 128 || tag.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))))
        {
            throw new ImageException(source, $"invalid tag '{tag}'");
        }

        return reference;
    }
}
