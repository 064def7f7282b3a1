using Tollgate.Images;
using Tollgate.Images.References;
using Tollgate.Service.Http;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Security;

/// <summary>
/// Which image sources an API client may name. Registry references always. Server-local paths (docker-archive:,
/// oci-archive:, oci-dir:, dir:, sbom:, or a bare path) only when the operator started the service with
/// --allow-local-sources — otherwise any ci key could make the service read any file it can read (and tell from the
/// analysis what is in it). With --allow-local-sources DIR the path must be absolute, hold no "..", and resolve, every
/// symlink followed, inside DIR. The worker asks again just before reading, so a job queued before the operator
/// removed the flag, or a symlink swapped after submission, is refused too.
/// </summary>
public sealed class LocalSourcePolicy
{
    private const string RegistryPrefix = "registry:";
    private readonly ServiceOptions _options;
    private readonly bool _allowed;
    private readonly string? _root;

    public LocalSourcePolicy(ServiceOptions options)
    {
        _options = options;
        _allowed = options.AllowLocalSources || options.LocalSourcesDir is not null;
        if (options.LocalSourcesDir is { } dir)
        {
            _root = Directory.Exists(dir) ? CanonicalPath.Resolve(Path.GetFullPath(dir)) : null;
            if (_root is null)
            {
                throw new ArgumentException($"--allow-local-sources {dir}: no such directory");
            }
        }
    }

    /// <summary>
    /// The source to store for a client's submission, or why it is refused. When local sources are off, a bare name is
    /// taken as a registry reference and stored as "registry:NAME", so the worker never reads it as a path later (and
    /// the answer does not depend on which files exist on the server).
    /// </summary>
    public (string? Source, string? Problem) Admit(string source)
    {
        if (!_allowed && !HasPrefix(source) && !LooksLikePath(source))
        {
            try
            {
                RegistryReference.Parse(source, source);
                return (RegistryPrefix + source, null);
            }
            catch (ImageException e)
            {
                return (null, $"'{source}' is not a registry reference ({e.Problem})");
            }
        }

        return Refusal(source, trustSpool: false) is { } problem ? (null, problem) : (source, null);
    }

    /// <summary>
    /// Null when <paramref name="source"/> may be read; else why not. <paramref name="trustSpool"/>: the worker reads
    /// uploads the service spooled itself; a client naming a spool path is treated like any other path.
    /// </summary>
    public string? Refusal(string source, bool trustSpool)
    {
        var named = NamedPath(source);
        if (named is not null && UploadSpool.Owns(_options, named))
        {
            // The worker reads what the service spooled; a client naming another upload's file could read or delete it.
            return trustSpool ? null : $"'{source}' is in the service's upload spool; upload the file instead";
        }

        // Refused on the spelling alone when local sources are off: the answer must not depend on which files exist.
        var path = named is null ? DetectedPath(source) : _allowed ? ParsedPath(source) : named;
        if (path is null)
        {
            return null;
        }

        if (!_allowed)
        {
            return $"'{source}' names a file on the server; local sources are off (the operator enables them with `tollgate serve --allow-local-sources [DIR]`). "
                + "Send a registry reference, or upload the archive (POST /v1/images/archive) or SBOM (POST /v1/images/sbom)";
        }

        return _root is null ? null : OutsideRoot(path);
    }

    private string? OutsideRoot(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return $"'{path}': local sources must be absolute paths inside {_root}";
        }

        if (path.Split('/', '\\').Contains(".."))
        {
            return $"'{path}': '..' is not allowed in local sources";
        }

        if (!IsInside(Path.GetFullPath(path), _root!))
        {
            return $"'{path}' is outside the local source directory {_root}";
        }

        return CanonicalPath.Resolve(Path.GetFullPath(path)) switch
        {
            null => $"'{path}': no such file or directory",
            var real when !IsInside(real, _root!) => $"'{path}' resolves to {real} (through a symbolic link), outside the local source directory {_root}",
            _ => null,
        };
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>The server path a source names by its spelling (a local scheme, or a path-like bare string), without asking the file system.</summary>
    private static string? NamedPath(string source) =>
        IsRegistryPrefixed(source) ? null
        : HasPrefix(source) ? source[(source.IndexOf(':') + 1)..]
        : LooksLikePath(source) ? source
        : null;

    /// <summary>The path of a local source with its image selector (":tag", "@digest") split off, as the loader reads it.</summary>
    private static string ParsedPath(string source)
    {
        if (source.StartsWith(AnalysisRunner.SbomPrefix, StringComparison.Ordinal))
        {
            return source[AnalysisRunner.SbomPrefix.Length..];
        }

        try
        {
            return SourceReference.Parse(source).Path ?? NamedPath(source) ?? source;
        }
        catch (ImageException)
        {
            return NamedPath(source) ?? source; // nothing after the scheme, or a path that does not exist
        }
    }

    /// <summary>
    /// A bare name the loader would read as a path because such a file exists (relative to the service's working
    /// directory); only jobs queued before sources were normalised can hold one — the API stores "registry:NAME".
    /// </summary>
    private static string? DetectedPath(string source)
    {
        try
        {
            return SourceReference.Parse(source) is { Kind: not SourceKind.Registry, Path: { } path } ? path : null;
        }
        catch (ImageException)
        {
            return null; // the analysis reports the bad reference itself
        }
    }

    private static bool HasPrefix(string source) =>
        source.StartsWith(AnalysisRunner.SbomPrefix, StringComparison.Ordinal) || source.StartsWith("docker://", StringComparison.Ordinal)
        || Enum.GetValues<SourceKind>().Any(k => source.StartsWith(k.Prefix() + ":", StringComparison.Ordinal));

    private static bool IsRegistryPrefixed(string source) =>
        source.StartsWith(RegistryPrefix, StringComparison.Ordinal) || source.StartsWith("docker://", StringComparison.Ordinal);

    private static bool LooksLikePath(string source) => source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~') || source.Contains('\\');
}
