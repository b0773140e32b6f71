using Azure.Messaging.EventHubs;

namespace TokenGate.Gateway.EventHubs;

/// <summary>The part of an Event Hubs producer that TokenGate uses; a seam for tests.</summary>
public interface IUsageEventTransport : IAsyncDisposable
{
    /// <summary>Queues one event for a partition key (the user) or an explicit partition; may wait while the client's own buffer is full.</summary>
    ValueTask EnqueueAsync(EventData eventData, string? partitionKey, string? partitionId, CancellationToken cancellationToken);

    Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken);
}
