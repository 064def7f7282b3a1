using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Evaluator;

public sealed record EvaluationOptions
{
    /// <summary>STOP when no mapping selects the image (Anchore falls through to GO).</summary>
    public bool FailClosed { get; init; }

    /// <summary>The clock for allowlist expiry, feed age and vulnerability age.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Exceptions expiring within this many days are listed in the result.</summary>
    public int ExpiryWarningDays { get; init; } = 30;

    public GateRegistry Registry { get; init; } = GateRegistry.Default;

    /// <summary>Tag used when the input names none.</summary>
    public string DefaultTag { get; init; } = "localhost/image:latest";
}
