using System.Text;

namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>One input file (on disk or inside a zip): a display name, a way to open it, and its first bytes for sniffing.</summary>
public sealed class FeedFile
{
    private readonly Func<Stream> _open;
    private string? _head;

    public FeedFile(string name, Func<Stream> open)
    {
        Name = name;
        _open = open;
    }

    /// <summary>Path, or "archive.zip!entry".</summary>
    public string Name { get; }

    public string Extension => Path.GetExtension(Name).ToLowerInvariant();

    public Stream Open() => _open();

    /// <summary>The first 4 KiB as text (UTF-8, BOM dropped), for format detection.</summary>
    public string Head
    {
        get
        {
            if (_head is null)
            {
                using var s = Open();
                var buffer = new byte[4096];
                var n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                _head = Encoding.UTF8.GetString(buffer, 0, n).TrimStart('\uFEFF');
            }

            return _head;
        }
    }

    public string ReadAllText()
    {
        using var reader = new StreamReader(Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
