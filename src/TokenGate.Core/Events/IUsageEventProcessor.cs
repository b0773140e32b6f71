namespace TokenGate.Core.Events;

/// <summary>
/// Consumes batches of usage events: behavioural detection, automated response, the monthly
/// ledger. Called by the Event Hub trigger (Functions) and by the in-process channel (Standalone).
/// Batches are delivered at least once; processing must be idempotent.
/// </summary>
public interface IUsageEventProcessor
{
    Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken);
}
