using System.Security.Cryptography;

namespace Tollgate.Images.Layers;

/// <summary>
/// Reads through, hashing and counting as it goes; at end of stream checks the expected digest and size.
/// Also enforces byte limits, so a decompression bomb stops at the limit instead of filling memory or time.
/// </summary>
public sealed class VerifyingStream : ForwardOnlyStream
{
    private readonly Stream _inner;
    private readonly BackgroundHasher? _hash;
    private readonly string _source;
    private readonly string _what;
    private readonly string? _expectedDigest;
    private readonly long _expectedSize;
    private readonly long _maxBytes;
    private readonly ByteBudget? _budget;
    private readonly string _algorithm;
    private string? _digest;
    private byte[]? _tail;

    /// <summary>
    /// Checks at the end that the stream closes with a zero 512-byte block, as every tar does (its end-of-archive
    /// marker). Decompressors report a cut-short stream as a clean end, so this is what tells "truncated" apart.
    /// </summary>
    public bool RequireTarEnd
    {
        get => _tail is not null;
        init => _tail = value ? new byte[TarBlock] : null;
    }

    private const int TarBlock = 512;

    /// <param name="expectedDigest">Digest to check at the end; null computes the sha256 without checking.</param>
    /// <param name="hash">False counts bytes only (nothing to verify or report).</param>
    /// <param name="expectedSize">Size to check at the end; negative for unknown.</param>
    public VerifyingStream(Stream inner, string source, string what, string? expectedDigest, long expectedSize, long maxBytes, ByteBudget? budget = null, bool hash = true)
    {
        _inner = inner;
        _source = source;
        _what = what;
        _expectedDigest = expectedDigest;
        _expectedSize = expectedSize;
        _maxBytes = maxBytes;
        _budget = budget;
        _algorithm = expectedDigest is null ? "sha256" : Digests.Algorithm(expectedDigest);
        _hash = !hash ? null : new BackgroundHasher(expectedDigest is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : Digests.CreateHash(expectedDigest, source));
    }

    public long BytesRead { get; private set; }

    /// <summary>The digest of everything read, once the end was reached.</summary>
    public string? Digest => _digest;

    public override long Position => BytesRead;

    public override int Read(Span<byte> buffer)
    {
        if (_digest is not null || buffer.Length == 0)
        {
            return 0;
        }

        var n = _inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_digest is not null || buffer.Length == 0)
        {
            return 0;
        }

        var n = await _inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads to the end (tar readers stop at the end-of-archive marker) so the digest covers every byte.</summary>
    public void Drain()
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            Finish();
            return;
        }

        BytesRead += data.Length;
        if (BytesRead > _maxBytes)
        {
            throw new ImageException(_source, $"{_what} exceeds the limit of {_maxBytes} bytes (decompression bomb?)");
        }

        if (_budget is not null && !_budget.TryTake(data.Length))
        {
            throw new ImageException(_source, $"image exceeds the limit of {_budget.Limit} uncompressed bytes (while reading {_what})");
        }

        _hash?.Append(data);
        if (_tail is not null)
        {
            // Keep the last 512 bytes seen.
            if (data.Length >= TarBlock)
            {
                data[^TarBlock..].CopyTo(_tail);
            }
            else
            {
                _tail.AsSpan(data.Length).CopyTo(_tail);
                data.CopyTo(_tail.AsSpan(TarBlock - data.Length));
            }
        }
    }

    private void Finish()
    {
        _digest = _hash is null ? "" : _algorithm + ":" + Convert.ToHexStringLower(_hash.Finish());
        if (_expectedSize >= 0 && BytesRead != _expectedSize)
        {
            var problem = BytesRead < _expectedSize ? "is truncated" : "is longer than its descriptor says";
            throw new ImageException(_source, $"{_what} {problem} ({BytesRead} of {_expectedSize} bytes)");
        }

        if (_tail is not null && (BytesRead % TarBlock != 0 || _tail.AsSpan().ContainsAnyExcept((byte)0)))
        {
            throw new ImageException(_source, $"{_what} is truncated: the tar stream ends after {BytesRead} bytes without its end-of-archive blocks");
        }

        if (_expectedDigest is not null && _digest != _expectedDigest)
        {
            throw new ImageException(_source, $"{_what}: digest mismatch (expected {_expectedDigest}, content hashes to {_digest})");
        }
    }
}
