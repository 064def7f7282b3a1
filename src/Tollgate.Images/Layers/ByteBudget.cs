namespace Tollgate.Images.Layers;

/// <summary>A byte allowance shared by parallel readers (the image-wide uncompressed limit).</summary>
public sealed class ByteBudget(long limit)
{
    private long _used;

    public long Limit { get; } = limit;

    /// <summary>Takes <paramref name="bytes"/>; false once the allowance is exceeded.</summary>
    public bool TryTake(long bytes) => Interlocked.Add(ref _used, bytes) <= Limit;
}
