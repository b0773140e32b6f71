using Azure.Messaging.EventHubs;
using Microsoft.Extensions.Logging;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.EventHubs;

/// <summary>
/// Turns a batch of Event Hubs messages into usage events, as the Event Hub trigger receives them.
/// A malformed message is logged (partition and sequence number, never the payload) and skipped:
/// one poison event must not stall a partition.
/// </summary>
public sealed partial class UsageEventDecoder(ILogger<UsageEventDecoder> logger)
{
    /// <summary>Decodes what can be decoded, in order.</summary>
    public IReadOnlyList<UsageEvent> Decode(IReadOnlyList<EventData> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var events = new List<UsageEvent>(batch.Count);
        foreach (var data in batch)
        {
            if (UsageEventJson.TryDeserialize(data.EventBody.ToMemory().Span, out var usageEvent, out var error))
            {
                events.Add(usageEvent!);
            }
            else
            {
                LogSkipped(logger, data.PartitionKey ?? "-", data.SequenceNumber, error ?? "unknown");
            }
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a usage event (partition key {PartitionKey}, sequence {SequenceNumber}): {Reason}")]
    private static partial void LogSkipped(ILogger logger, string partitionKey, long sequenceNumber, string reason);
}
