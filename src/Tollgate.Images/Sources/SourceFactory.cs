using Tollgate.Images.References;
using Tollgate.Images.Registry;

namespace Tollgate.Images.Sources;

/// <summary>Picks the <see cref="IImageSource"/> for a parsed reference.</summary>
public static class SourceFactory
{
    public static IImageSource Open(SourceReference reference, ImageLoadOptions options)
    {
        var name = reference.Original;
        var platform = PlatformSpec.Parse(options.Platform, name);
        var maxJson = options.Limits.MaxJsonBytes;
        switch (reference.Kind)
        {
            case SourceKind.OciDir:
                RequireDirectory(name, reference.Path!);
                return new OciLayoutSource(name, new DirectoryFiles(reference.Path!), reference.Tag, reference.Digest, platform, maxJson);
            case SourceKind.OciArchive:
                RequireFile(name, reference.Path!);
                return new OciLayoutSource(name, new TarMembers(reference.Path!, name), reference.Tag, reference.Digest, platform, maxJson);
            case SourceKind.DockerArchive:
                RequireFile(name, reference.Path!);
                var members = new TarMembers(reference.Path!, name);
                // docker save without manifest.json (OCI-only export) is an OCI layout in a tar.
                return members.Length("manifest.json") is null && members.Length("index.json") is not null
                    ? new OciLayoutSource(name, members, reference.Tag, reference.Digest, platform, maxJson)
                    : new DockerArchiveSource(name, members, reference.Tag, maxJson);
            case SourceKind.Dir:
                return new RootfsDirSource(name, reference.Path!);
            default:
                return new RegistrySource(name, reference.Registry!, options, platform);
        }
    }

    private static void RequireDirectory(string name, string path)
    {
        if (!Directory.Exists(path))
        {
            throw new ImageException(name, $"no such directory {path}");
        }

        if (!File.Exists(Path.Combine(path, "oci-layout")) && !File.Exists(Path.Combine(path, "index.json")))
        {
            throw new ImageException(name, $"{path} is not an OCI layout (no oci-layout or index.json)");
        }
    }

    private static void RequireFile(string name, string path)
    {
        if (!File.Exists(path))
        {
            throw new ImageException(name, $"no such file {path}");
        }
    }
}
