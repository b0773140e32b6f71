namespace TokenGate.Gateway.Storage;

/// <summary>
/// Monthly usage per (tenant, user, period) for chargeback. Adds are idempotent per batch id, so an
/// at-least-once event stream can apply the same batch again safely. Implementations: in memory, Azure Tables.
/// </summary>
public interface IUsageLedgerStore
{
    /// <summary>Adds <paramref name="delta"/> to the record unless <paramref name="batchId"/> was applied to it before.</summary>
    Task<UsageAddResult> AddAsync(string tenantId, string userId, string period, string batchId, UsageDelta delta, CancellationToken cancellationToken);

    /// <summary>The record, or null when nothing was added for it.</summary>
    Task<UsageRecord?> GetAsync(string tenantId, string userId, string period, CancellationToken cancellationToken);

    /// <summary>Finalises one user's record (an empty one is created so the close is recorded); idempotent, the first time counts. True when newly finalised.</summary>
    Task<bool> FinaliseAsync(string tenantId, string userId, string period, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Finalises every record of <paramref name="period"/>; returns how many were newly finalised.</summary>
    Task<int> FinalisePeriodAsync(string period, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>All records of a tenant in a period, ordered by user id.</summary>
    Task<IReadOnlyList<UsageRecord>> ListAsync(string tenantId, string period, CancellationToken cancellationToken);
}
