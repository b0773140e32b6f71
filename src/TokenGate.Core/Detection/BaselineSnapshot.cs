namespace TokenGate.Core.Detection;

/// <summary>The closed bucket totals of one baseline, for persisting a user's state.</summary>
public sealed record BaselineSnapshot(double[] Values, int Next)
{
    /// <summary>Index of the bucket still open when the snapshot was taken (none by default).</summary>
    public long CurrentBucket { get; init; } = long.MinValue;

    /// <summary>Total of the open bucket so far, so a restart mid-minute does not split it.</summary>
    public double CurrentTotal { get; init; }
}
