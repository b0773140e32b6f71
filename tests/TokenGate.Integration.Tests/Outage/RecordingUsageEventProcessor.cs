using System.Collections.Concurrent;
using TokenGate.Core.Events;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>Records every usage event the pump delivers, once per request id (a redelivered batch is counted in <see cref="Deliveries"/> only).</summary>
public sealed class RecordingUsageEventProcessor : IUsageEventProcessor
{
    private int _deliveries;

    public ConcurrentDictionary<string, UsageEvent> ByRequestId { get; } = new(StringComparer.Ordinal);

    public int Deliveries => Volatile.Read(ref _deliveries);

    public Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
    {
        foreach (var usageEvent in batch)
        {
            Interlocked.Increment(ref _deliveries);
            ByRequestId.TryAdd(usageEvent.RequestId, usageEvent);
        }

        return Task.CompletedTask;
    }
}
