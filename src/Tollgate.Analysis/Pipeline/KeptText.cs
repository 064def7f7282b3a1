using Tollgate.Images.Model;

namespace Tollgate.Analysis.Pipeline;

/// <summary>Reads a kept file by its image path, following symlinks inside the image (/etc/os-release → ../usr/lib/os-release).</summary>
public static class KeptText
{
    /// <summary>A reader over the kept content the path resolves to, or null when the path is missing or was not kept.</summary>
    public static StreamReader? OpenResolved(LoadedImage image, string path)
    {
        var entry = image.Files.Resolve(path);
        var kept = entry is null ? null : image.Contents.Find(entry.Path);
        return kept is null ? null : new StreamReader(image.Contents.Open(kept));
    }

    public static string? ReadResolved(LoadedImage image, string path)
    {
        using var reader = OpenResolved(image, path);
        return reader?.ReadToEnd();
    }
}
