using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;

namespace TokenGate.Gateway.Quota;

/// <summary>
/// Keeps this instance's quota view in step with the quota entities without the hot path ever
/// waiting on one: <see cref="OnSettled"/> only enqueues; <see cref="FlushAsync"/> coalesces usage
/// per user and per tenant into numbered batches and signals them (kept and re-sent until seen
/// applied); <see cref="RefreshAsync"/> reads each active account back and hands the snapshot, plus
/// what it newly acknowledges of this instance's batches, to the <see cref="IQuotaSnapshotTarget"/>.
/// <see cref="QuotaSyncService"/> drives both on timers.
/// </summary>
public sealed class QuotaSynchronizer : ISettlementObserver
{
    private readonly ConcurrentQueue<SettledUsage> _settled = new();
    private readonly ConcurrentQueue<(string TenantId, string UserId)> _watched = new();
    private readonly Dictionary<(string TenantId, string? UserId), QuotaAccount> _accounts = [];
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly DurableTaskClient _client;
    private readonly IQuotaSnapshotTarget _target;
    private readonly QuotaSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QuotaSynchronizer> _logger;
    private readonly QuotaSyncMetrics _metrics;

    /// <summary>Creates the synchronizer; <paramref name="meterFactory"/> is optional (no metrics without it).</summary>
    public QuotaSynchronizer(DurableTaskClient client, IQuotaSnapshotTarget target, IOptions<QuotaSyncOptions> options, TimeProvider time, ILogger<QuotaSynchronizer> logger, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = new QuotaSyncMetrics(meterFactory);
        _client = client;
        _target = target;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>This instance's id in settlement batches.</summary>
    public string SourceId => _options.SourceId;

    /// <summary>Settled usage waiting for the next flush (approximate; for metrics and tests).</summary>
    public int QueuedSettlements => _settled.Count;

    /// <summary>Enqueues the settlement; never blocks, never throws, no I/O.</summary>
    public void OnSettled(in SettledUsage usage) => _settled.Enqueue(usage);

    /// <summary>Asks for (tenant, user) and its tenant to be refreshed even before this instance settles anything for them. Enqueue only.</summary>
    public void Watch(string tenantId, string userId) => _watched.Enqueue((tenantId, userId));

    /// <summary>Batches everything settled since the last flush and signals every batch that is new or due for re-sending.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            DrainInboxes(now);
            foreach (var account in _accounts.Values)
            {
                account.Seal(_options.SourceId);
            }

            foreach (var account in _accounts.Values)
            {
                if (!await SendDueAsync(account, now, cancellationToken).ConfigureAwait(false))
                {
                    break; // Backend unavailable: everything stays pending for the next flush.
                }
            }

            _metrics.SetPending(_accounts.Values.Sum(a => a.Pending.Count));
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>
    /// Reads every active account's entity, acknowledges the batches it shows applied and hands the
    /// snapshot to the target. Returns true (and marks the target synchronized) when every read succeeded.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            DrainInboxes(now);
            EvictIdle(now);
            var accounts = _accounts.Values.ToArray();
            var states = new QuotaAccountState?[accounts.Length];
            var failed = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentReads, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, accounts.Length), parallel, async (i, ct) =>
            {
                try
                {
                    states[i] = await ReadAsync(accounts[i], ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    _metrics.ReadFailed();
                    QuotaSyncLog.ReadFailed(_logger, accounts[i].EntityId.ToString(), ex);
                }
            }).ConfigureAwait(false);

            for (var i = 0; i < accounts.Length; i++)
            {
                if (states[i] is { } state)
                {
                    Apply(accounts[i], state);
                }
            }

            _metrics.SetPending(_accounts.Values.Sum(a => a.Pending.Count));
            if (failed > 0)
            {
                return false;
            }

            _target.MarkSynchronized(now); // The round's start: every snapshot is at least this fresh.
            return true;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Batches not yet seen applied, over all accounts. Waits for a running round: for tests and diagnostics, not the hot path.</summary>
    public int PendingBatchCount()
    {
        _round.Wait();
        try
        {
            return _accounts.Values.Sum(a => a.Pending.Count);
        }
        finally
        {
            _round.Release();
        }
    }

    private void DrainInboxes(DateTimeOffset now)
    {
        while (_settled.TryDequeue(out var usage))
        {
            var tokens = (long)usage.Usage.TotalTokens;
            GetAccount(usage.TenantId, usage.UserId).Add(usage.Period, tokens, usage.Cost, usage.At);
            GetAccount(usage.TenantId, null).Add(usage.Period, tokens, usage.Cost, usage.At);
            Touch(usage.TenantId, usage.UserId, now);
        }

        while (_watched.TryDequeue(out var watched))
        {
            Touch(watched.TenantId, watched.UserId, now);
        }
    }

    private void Touch(string tenantId, string userId, DateTimeOffset now)
    {
        GetAccount(tenantId, userId).LastActivity = now;
        GetAccount(tenantId, null).LastActivity = now;
    }

    private QuotaAccount GetAccount(string tenantId, string? userId)
    {
        if (!_accounts.TryGetValue((tenantId, userId), out var account))
        {
            account = new QuotaAccount(tenantId, userId);
            _accounts[(tenantId, userId)] = account;
        }

        return account;
    }

    private void EvictIdle(DateTimeOffset now)
    {
        var cutoff = now - _options.ActiveAccountTtl;
        foreach (var key in _accounts.Where(kv => kv.Value.IsIdle && kv.Value.LastActivity < cutoff).Select(kv => kv.Key).ToList())
        {
            _accounts.Remove(key);
        }
    }

    private async Task<bool> SendDueAsync(QuotaAccount account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = account.ConfirmedThrough + SettlementLimits.OutOfOrderWindow;
        foreach (var pending in account.Pending)
        {
            if (pending.Batch.Sequence > window)
            {
                break; // The entity would defer it; send once the gap below has been confirmed.
            }

            if (pending.Attempted && now - pending.LastAttemptAt < _options.ResendInterval)
            {
                continue;
            }

            pending.MarkAttempted(now);
            var batch = pending.Batch with { ConfirmedThrough = account.ConfirmedThrough };
            try
            {
                await _client.Entities.SignalEntityAsync(account.EntityId, QuotaEntityOperations.SettleBatch, batch, cancellation: cancellationToken).ConfigureAwait(false);
                _metrics.BatchSent();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _metrics.SignalFailed();
                QuotaSyncLog.SignalFailed(_logger, account.EntityId.ToString(), account.Pending.Count, ex);
                return false;
            }
        }

        return true;
    }

    private async Task<QuotaAccountState?> ReadAsync(QuotaAccount account, CancellationToken cancellationToken)
    {
        if (account.UserId is null)
        {
            var tenant = await _client.Entities.GetEntityAsync<TenantQuotaState>(account.EntityId, includeState: true, cancellationToken).ConfigureAwait(false);
            return tenant?.State ?? new TenantQuotaState();
        }

        var user = await _client.Entities.GetEntityAsync<UserQuotaState>(account.EntityId, includeState: true, cancellationToken).ConfigureAwait(false);
        return user?.State ?? new UserQuotaState();
    }

    private void Apply(QuotaAccount account, QuotaAccountState state)
    {
        var snapshot = state.ToSnapshot();
        var (tokens, cost) = account.Confirm(sequence => state.Ledger.IsApplied(_options.SourceId, sequence), snapshot.Period);
        if (account.UserId is null)
        {
            _target.ApplyTenantSnapshot(account.TenantId, snapshot, tokens, cost);
        }
        else
        {
            _target.ApplySnapshot(account.TenantId, account.UserId, snapshot, tokens, cost);
        }
    }
}
