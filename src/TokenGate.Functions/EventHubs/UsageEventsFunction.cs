using Azure.Messaging.EventHubs;
using Microsoft.Azure.Functions.Worker;
using TokenGate.Core.Events;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Functions.EventHubs;

/// <summary>
/// The Event Hub trigger: a batch of usage events from one partition goes to the processor (abuse
/// detection, the usage ledger and the monthly close). Compiled only with -p:TokenGateEventHubs=true.
/// Delivery is at least once (the host checkpoints each batch), which the processor tolerates.
/// The host checkpoints a batch even when the function throws, so a failed batch (incident store or
/// blocker unavailable) is retried in place with backoff before the partition moves on; redelivering
/// it is safe because the processor is idempotent on request ids.
/// </summary>
public sealed class UsageEventsFunction(UsageEventDecoder decoder, IUsageEventProcessor processor)
{
    [Function(nameof(UsageEvents))]
    [ExponentialBackoffRetry(5, "00:00:05", "00:05:00")]
    public Task UsageEvents(
        [EventHubTrigger("%TokenGate:Events:HubName%", Connection = "EventHubs", ConsumerGroup = "%TokenGate:Events:ConsumerGroup%", IsBatched = true)]
        EventData[] events,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(decoder.Decode(events), cancellationToken);
}
