namespace TokenGate.Gateway.Storage;

/// <summary>
/// <see cref="IUsageLedgerStore"/> in process memory. Applied-batch markers are bounded (the newest
/// <see cref="MaxBatchMarkers"/>): redelivery in one process comes within seconds (the usage pump's retry),
/// so older markers only cost memory in a long-running host.
/// </summary>
public sealed class InMemoryUsageLedgerStore(int maxBatchMarkers = InMemoryUsageLedgerStore.DefaultMaxBatchMarkers) : IUsageLedgerStore
{
    /// <summary>Default number of applied-batch markers remembered.</summary>
    public const int DefaultMaxBatchMarkers = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string User, string Period), UsageRecord> _records = [];
    private readonly HashSet<(string Tenant, string User, string Period, string Batch)> _batches = [];
    private readonly Queue<(string Tenant, string User, string Period, string Batch)> _batchOrder = new();

    /// <summary>How many applied-batch markers are kept.</summary>
    public int MaxBatchMarkers { get; } = maxBatchMarkers > 0 ? maxBatchMarkers : throw new ArgumentOutOfRangeException(nameof(maxBatchMarkers));

    /// <summary>Applied-batch markers currently held.</summary>
    public int BatchMarkerCount
    {
        get
        {
            lock (_lock)
            {
                return _batches.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task<UsageAddResult> AddAsync(string tenantId, string userId, string period, string batchId, UsageDelta delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        ArgumentNullException.ThrowIfNull(delta);
        lock (_lock)
        {
            var marker = (tenantId, userId, period, batchId);
            if (!_batches.Add(marker))
            {
                return Task.FromResult(UsageAddResult.Duplicate);
            }

            _batchOrder.Enqueue(marker);
            if (_batchOrder.Count > MaxBatchMarkers)
            {
                _batches.Remove(_batchOrder.Dequeue());
            }

            var key = (tenantId, userId, period);
            var current = _records.GetValueOrDefault(key) ?? new UsageRecord { TenantId = tenantId, UserId = userId, Period = period };
            _records[key] = current with
            {
                PromptTokens = current.PromptTokens + delta.PromptTokens,
                CompletionTokens = current.CompletionTokens + delta.CompletionTokens,
                Cost = current.Cost + delta.Cost,
                Requests = current.Requests + delta.Requests,
            };
            return Task.FromResult(current.Finalised ? UsageAddResult.AppliedAfterFinalised : UsageAddResult.Applied);
        }
    }

    /// <inheritdoc />
    public Task<UsageRecord?> GetAsync(string tenantId, string userId, string period, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault((tenantId, userId, period)));
        }
    }

    /// <inheritdoc />
    public Task<bool> FinaliseAsync(string tenantId, string userId, string period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (tenantId, userId, period);
            var current = _records.GetValueOrDefault(key) ?? new UsageRecord { TenantId = tenantId, UserId = userId, Period = period };
            if (current.Finalised)
            {
                return Task.FromResult(false);
            }

            _records[key] = current with { Finalised = true, FinalisedAt = at };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<int> FinalisePeriodAsync(string period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var open = _records.Where(r => r.Key.Period == period && !r.Value.Finalised).ToList();
            foreach (var (key, record) in open)
            {
                _records[key] = record with { Finalised = true, FinalisedAt = at };
            }

            return Task.FromResult(open.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageRecord>> ListAsync(string tenantId, string period, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UsageRecord>>(
                [.. _records.Values.Where(r => r.TenantId == tenantId && r.Period == period).OrderBy(r => r.UserId, StringComparer.Ordinal)]);
        }
    }
}
