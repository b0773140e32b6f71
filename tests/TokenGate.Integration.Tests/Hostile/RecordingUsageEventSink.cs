using System.Collections.Concurrent;
using TokenGate.Core.Events;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Records every usage event the pipeline publishes, serialized in the wire format.</summary>
public sealed class RecordingUsageEventSink : IUsageEventSink
{
    public ConcurrentQueue<UsageEvent> Events { get; } = new();

    public bool TryPublish(UsageEvent usageEvent)
    {
        Events.Enqueue(usageEvent);
        return true;
    }
}
