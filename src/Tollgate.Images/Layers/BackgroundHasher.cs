using System.Buffers;
using System.Security.Cryptography;
using System.Collections.Concurrent;

namespace Tollgate.Images.Layers;

/// <summary>
/// Hashes on another thread: the reader copies each chunk into a pooled buffer and moves on, so digesting the
/// stored blob and the tar (two SHA-256 passes over every byte) overlaps with decompression and the tar walk
/// instead of adding to them when a second core is free.
/// </summary>
public sealed class BackgroundHasher : IDisposable
{
    // Chunks are up to 1 MB; a short queue keeps memory small while still decoupling the threads.
    private const int QueuedChunks = 8;

    private readonly IncrementalHash _hash;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _chunks = new(QueuedChunks);

    private readonly Task _worker;

    public BackgroundHasher(IncrementalHash hash)
    {
        _hash = hash;
        // A dedicated thread: layer readers block on full queues, so the consumer must not wait for a pool thread.
        _worker = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        _chunks.Add((buffer, data.Length));
    }

    /// <summary>Waits for every queued chunk and returns the hash.</summary>
    public byte[] Finish()
    {
        _chunks.CompleteAdding();
        _worker.GetAwaiter().GetResult();
        return _hash.GetHashAndReset();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_chunks.IsAddingCompleted)
        {
            _chunks.CompleteAdding();
        }

        _worker.GetAwaiter().GetResult();
        _chunks.Dispose();
        _hash.Dispose();
    }

    private void Consume()
    {
        foreach (var (buffer, length) in _chunks.GetConsumingEnumerable())
        {
            _hash.AppendData(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
