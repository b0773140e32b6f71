using TokenGate.Core.Events;

namespace TokenGate.Gateway.Hosting;

/// <summary>Stand-in until the abuse engineer's processor is merged (the lead deletes this).</summary>
internal sealed class TemporaryNoOpUsageEventProcessor : IUsageEventProcessor
{
    public Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
