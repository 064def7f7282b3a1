using System.Security.Cryptography;

namespace Tollgate.Images.Layers;

/// <summary>Read-through stream that hashes every byte read (sha256 of a file's content while the tar is walked).</summary>
public sealed class HashingReadStream(Stream inner) : ForwardOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Reads what is left, then returns the lowercase hex sha256 of everything read.</summary>
    public string Finish()
    {
        CopyTo(Null);
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
