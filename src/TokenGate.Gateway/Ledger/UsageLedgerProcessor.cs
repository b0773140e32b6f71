using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using TokenGate.Core.Events;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Ledger;

/// <summary>
/// Keeps the chargeback ledger (one record per tenant, user and month) from the usage stream and
/// closes months. Per batch, each user's settled calls are added as one delta whose id is a hash of
/// their request ids, so a redelivered batch adds nothing. A month closes when the period-closed
/// marker arrives (every record of the month is finalised and the users this processor has seen are
/// told to archive it) or, for one user, when their first event of a newer month arrives — so a lost
/// or late marker changes nothing but timing. Budgets never depend on this: entities roll periods themselves.
/// </summary>
public sealed partial class UsageLedgerProcessor(
    IUsageLedgerStore ledger,
    IUserQuotaCommands quotas,
    TimeProvider time,
    ILogger<UsageLedgerProcessor> logger) : IUsageEventProcessor
{
    private const int MaxTrackedUsers = 100_000;
    private readonly Dictionary<(string Tenant, string User), string> _lastPeriod = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public async Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var groups = new Dictionary<(string Tenant, string User, string Period), List<UsageEvent>>();
        foreach (var usageEvent in batch)
        {
            if (usageEvent.Kind == UsageEventKind.PeriodClosed && usageEvent.ClosedPeriod is { } closed)
            {
                await ClosePeriodAsync(closed, cancellationToken).ConfigureAwait(false);
            }
            else if (usageEvent is { Kind: UsageEventKind.Completed, TenantId: { } tenant, UserId: { } user }
                     && (usageEvent.PromptTokens > 0 || usageEvent.CompletionTokens > 0))
            {
                var key = (tenant, user, PeriodOf(usageEvent));
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                }

                list.Add(usageEvent);
            }
        }

        foreach (var ((tenant, user, period), events) in groups)
        {
            var delta = new UsageDelta(
                events.Sum(e => (long)e.PromptTokens),
                events.Sum(e => (long)e.CompletionTokens),
                events.Sum(e => e.Cost),
                events.Count);
            var result = await ledger.AddAsync(tenant, user, period, BatchId(events), delta, cancellationToken).ConfigureAwait(false);
            if (result == UsageAddResult.AppliedAfterFinalised)
            {
                LogLateUsage(logger, tenant, user, period);
            }

            await RollUserAsync(tenant, user, period, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The event's budget period, or its UTC calendar month for events from before the field existed.</summary>
    internal static string PeriodOf(UsageEvent usageEvent) =>
        usageEvent.Period ?? usageEvent.Time.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Stable for the same set of calls in any order.</summary>
    internal static string BatchId(IEnumerable<UsageEvent> events)
    {
        var ids = events.Select(e => e.RequestId).Order(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids)));
        return Convert.ToHexString(hash, 0, 16);
    }

    private async Task ClosePeriodAsync(string period, CancellationToken cancellationToken)
    {
        var finalised = await ledger.FinalisePeriodAsync(period, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        List<(string Tenant, string User)> seen;
        lock (_gate)
        {
            seen = [.. _lastPeriod.Where(p => string.CompareOrdinal(p.Value, period) <= 0).Select(p => p.Key)];
        }

        foreach (var (tenant, user) in seen)
        {
            await quotas.ArchivePeriodAsync(tenant, user, period, cancellationToken).ConfigureAwait(false);
        }

        LogPeriodClosed(logger, period, finalised, seen.Count);
    }

    private async Task RollUserAsync(string tenant, string user, string period, CancellationToken cancellationToken)
    {
        string? previous;
        lock (_gate)
        {
            _lastPeriod.TryGetValue((tenant, user), out previous);
            if (previous is null || string.CompareOrdinal(period, previous) > 0)
            {
                if (previous is null && _lastPeriod.Count >= MaxTrackedUsers)
                {
                    _lastPeriod.Remove(_lastPeriod.Keys.First());
                }

                _lastPeriod[(tenant, user)] = period;
            }
        }

        if (previous is not null && string.CompareOrdinal(period, previous) > 0)
        {
            await ledger.FinaliseAsync(tenant, user, previous, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await quotas.ArchivePeriodAsync(tenant, user, previous, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed period {Period}: {Finalised} ledger records finalised, {Users} users told to archive")]
    private static partial void LogPeriodClosed(ILogger logger, string period, int finalised, int users);

    [LoggerMessage(Level = LogLevel.Information, Message = "Late usage for {TenantId}/{UserId} added to closed period {Period}")]
    private static partial void LogLateUsage(ILogger logger, string tenantId, string userId, string period);
}
