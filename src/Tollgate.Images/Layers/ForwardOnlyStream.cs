namespace Tollgate.Images.Layers;

/// <summary>
/// Base of the read-once streams a layer passes through (hashing, verifying, resuming, replaying a sniffed header):
/// readable, never seekable or writable. Subclasses implement <see cref="Stream.Read(Span{byte})"/> and may report
/// <see cref="Stream.Position"/> by overriding its getter.
/// </summary>
public abstract class ForwardOnlyStream : Stream
{
    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => false;
    public sealed override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override int Read(Span<byte> buffer);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
