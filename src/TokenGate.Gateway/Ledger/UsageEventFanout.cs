using TokenGate.Core.Events;

namespace TokenGate.Gateway.Ledger;

/// <summary>
/// Hands each batch to every processor in turn (abuse detection, the ledger). Each is idempotent on
/// redelivery, so when one throws the batch can be delivered again as a whole.
/// </summary>
public sealed class UsageEventFanout(IReadOnlyList<IUsageEventProcessor> processors) : IUsageEventProcessor
{
    /// <inheritdoc />
    public async Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
    {
        foreach (var processor in processors)
        {
            await processor.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }
}
