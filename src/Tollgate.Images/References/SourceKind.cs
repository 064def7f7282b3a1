namespace Tollgate.Images.References;

/// <summary>Where an image comes from; the names are the source prefixes users type.</summary>
public enum SourceKind
{
    OciDir,
    OciArchive,
    DockerArchive,
    Dir,
    Registry,
}

public static class SourceKindNames
{
    public static string Prefix(this SourceKind kind) => kind switch
    {
        SourceKind.OciDir => "oci-dir",
        SourceKind.OciArchive => "oci-archive",
        SourceKind.DockerArchive => "docker-archive",
        SourceKind.Dir => "dir",
        _ => "registry",
    };
}
