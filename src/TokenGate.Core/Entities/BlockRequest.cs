namespace TokenGate.Core.Entities;

/// <summary>Input of <see cref="QuotaEntityOperations.Block"/>.</summary>
/// <param name="Until">When the block ends.</param>
/// <param name="Reason">Why (shown to the caller in the 403; never put secrets here).</param>
public sealed record BlockRequest(DateTimeOffset Until, string Reason);
