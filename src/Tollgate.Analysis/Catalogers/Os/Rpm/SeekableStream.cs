namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>Random-access helpers: database pages are read where they are, never the whole file into memory.</summary>
internal static class SeekableStream
{
    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns how many were there.</summary>
    public static int ReadAt(this Stream stream, long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= stream.Length)
        {
            return 0;
        }

        stream.Position = offset;
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    /// <summary>The stream itself when it can seek, else a copy in a temp file that is deleted when closed.</summary>
    public static Stream EnsureSeekable(Stream stream)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (stream)
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }
}
