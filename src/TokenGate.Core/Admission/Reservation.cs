namespace TokenGate.Core.Admission;

/// <summary>
/// Handle for what an admitted call reserved. Pass it back to <see cref="IQuotaEngine.Settle"/> or
/// <see cref="IQuotaEngine.Release"/> exactly once; a second call is ignored.
/// </summary>
public readonly record struct Reservation(
    string TenantId,
    string UserId,
    string Model,
    long Id,
    long ReservedTokens,
    decimal ReservedCost,
    DateTimeOffset AdmittedAt);
