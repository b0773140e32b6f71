namespace TokenGate.Core.Events;

/// <summary>Where the pipeline drops usage events. Must never block or throw on the hot path.</summary>
public interface IUsageEventSink
{
    /// <summary>Queues the event; returns false when it was dropped (buffer full).</summary>
    bool TryPublish(UsageEvent usageEvent);
}
