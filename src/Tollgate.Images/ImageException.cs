namespace Tollgate.Images;

/// <summary>
/// A fatal problem with an image source: the message always names the source (and the file or blob)
/// and the problem, e.g. "docker-archive:img.tar: layer sha256:ab… is truncated (unexpected end of gzip stream)".
/// </summary>
public class ImageException : Exception
{
    public ImageException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        Source = source;
        Problem = problem;
    }

    public new string Source { get; }
    public string Problem { get; }
}
