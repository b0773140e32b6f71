using Microsoft.Extensions.Hosting;

namespace TokenGate.Gateway.Entities;

/// <summary>On host shutdown, waits (within the host's shutdown timeout) until queued entity signals are applied, before services are disposed.</summary>
internal sealed class InProcessEntityDrainService(InProcessDurableTaskClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timeout reached; disposal gets a last bounded chance.
        }
    }
}
