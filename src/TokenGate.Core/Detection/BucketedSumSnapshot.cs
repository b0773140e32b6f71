namespace TokenGate.Core.Detection;

/// <summary>The buckets of one bucketed window: the newest bucket's index and the sums, oldest first.</summary>
public sealed record BucketedSumSnapshot(long LastBucket, long[] Sums);
