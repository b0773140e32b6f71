namespace TokenGate.Core.Entities;

/// <summary>
/// The settlement book shared by every quota entity: the open period, archived periods and the
/// per-source dedupe memory. Part of entity state: public get/set only; behaviour is in methods.
/// </summary>
public sealed class SettlementLedger
{
    /// <summary>The open period and what was spent in it (Period is empty when none is open).</summary>
    public PeriodUsage Current { get; set; } = new();

    /// <summary>Closed periods, oldest first, at most <see cref="SettlementLimits.MaxArchivedPeriods"/>.</summary>
    public List<PeriodUsage> Archived { get; set; } = [];

    /// <summary>The newest period closed by <see cref="QuotaEntityOperations.ArchivePeriod"/>; late usage for it goes to the archive.</summary>
    public string ClosedThrough { get; set; } = string.Empty;

    /// <summary>Dedupe memory per sending instance, at most <see cref="SettlementLimits.MaxSources"/>.</summary>
    public Dictionary<string, SettlementSourceState> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Newest settlement time applied.</summary>
    public DateTimeOffset? LastSettledAt { get; set; }

    /// <summary>True when <paramref name="sourceId"/>'s batch <paramref name="sequence"/> has been applied (as far as this ledger remembers).</summary>
    public bool IsApplied(string sourceId, long sequence) =>
        Sources.TryGetValue(sourceId, out var source) && source.IsApplied(sequence);

    /// <summary>Applies a batch exactly once: duplicates, deferred and malformed batches change no totals.</summary>
    public SettlementOutcome Apply(SettlementBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!IsWellFormed(batch))
        {
            return SettlementOutcome.Invalid;
        }

        if (!Sources.TryGetValue(batch.SourceId, out var source))
        {
            source = new SettlementSourceState { LastSeenAt = batch.SettledAt };
            Sources[batch.SourceId] = source;
        }

        if (batch.SettledAt > source.LastSeenAt)
        {
            source.LastSeenAt = batch.SettledAt;
        }

        source.Advance(batch.ConfirmedThrough);
        var outcome = source.TryAccept(batch.Sequence);
        if (outcome == SettlementOutcome.Applied)
        {
            AddToPeriod(batch);
            if (LastSettledAt is null || batch.SettledAt > LastSettledAt)
            {
                LastSettledAt = batch.SettledAt;
            }
        }

        EvictIdleSources(batch.SourceId);
        return outcome;
    }

    /// <summary>Zeroes the open period's spend; archive and dedupe memory stay (a re-delivered batch must not count again).</summary>
    public void ResetCurrent() => Current = new PeriodUsage { Period = Current.Period };

    /// <summary>The monthly close: archives the open period if it is <paramref name="period"/> or older. Idempotent.</summary>
    public void ArchiveThrough(string period)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        if (Current.Period.Length > 0 && string.CompareOrdinal(Current.Period, period) <= 0)
        {
            MergeIntoArchive(Current);
            Current = new PeriodUsage();
        }

        if (string.CompareOrdinal(period, ClosedThrough) > 0)
        {
            ClosedThrough = period;
        }
    }

    private static bool IsWellFormed(SettlementBatch batch) =>
        !string.IsNullOrEmpty(batch.SourceId)
        && !string.IsNullOrEmpty(batch.Period)
        && batch.Sequence >= 1
        && batch.ConfirmedThrough >= 0
        && batch.Tokens >= 0
        && batch.Cost >= 0
        && batch.Requests >= 0;

    private void AddToPeriod(SettlementBatch batch)
    {
        var open = Current.Period;
        var isLate = open.Length > 0
            ? string.CompareOrdinal(batch.Period, open) < 0
            : string.CompareOrdinal(batch.Period, ClosedThrough) <= 0;
        if (isLate)
        {
            // A call admitted in one period and settled after it closed is charged to its own period.
            MergeIntoArchive(new PeriodUsage { Period = batch.Period, Tokens = batch.Tokens, Cost = batch.Cost, Requests = batch.Requests });
            return;
        }

        if (open != batch.Period)
        {
            // Periods roll lazily: the first batch of a newer period closes the open one.
            if (open.Length > 0)
            {
                MergeIntoArchive(Current);
            }

            Current = new PeriodUsage { Period = batch.Period };
        }

        Current.Add(batch.Tokens, batch.Cost, batch.Requests);
    }

    private void MergeIntoArchive(PeriodUsage usage)
    {
        var index = Archived.FindIndex(p => p.Period == usage.Period);
        if (index >= 0)
        {
            Archived[index].Add(usage.Tokens, usage.Cost, usage.Requests);
            return;
        }

        var insertAt = Archived.FindIndex(p => string.CompareOrdinal(p.Period, usage.Period) > 0);
        Archived.Insert(insertAt < 0 ? Archived.Count : insertAt, usage.Copy());
        if (Archived.Count > SettlementLimits.MaxArchivedPeriods)
        {
            Archived.RemoveRange(0, Archived.Count - SettlementLimits.MaxArchivedPeriods);
        }
    }

    private void EvictIdleSources(string keep)
    {
        var newest = Sources.Values.Max(s => s.LastSeenAt);
        var cutoff = newest - SettlementLimits.SourceIdleTimeout;
        foreach (var idle in Sources.Where(kv => kv.Value.LastSeenAt < cutoff && kv.Key != keep).Select(kv => kv.Key).ToList())
        {
            Sources.Remove(idle);
        }

        while (Sources.Count > SettlementLimits.MaxSources)
        {
            var oldest = Sources.Where(kv => kv.Key != keep).MinBy(kv => kv.Value.LastSeenAt).Key;
            Sources.Remove(oldest);
        }
    }
}
