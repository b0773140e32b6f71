using TokenGate.Simulator;

namespace TokenGate.Standalone;

/// <summary>The default upstream when none is configured: TokenGate.Simulator on its own loopback port, in this process.</summary>
internal sealed class SimulatorBootstrapper : IUpstreamBootstrapper
{
    public async Task<(Uri BaseAddress, IAsyncDisposable Handle)> StartAsync(CancellationToken cancellationToken)
    {
        var host = await SimulatorHost.StartAsync("http://127.0.0.1:0", configure: null, cancellationToken).ConfigureAwait(false);
        return (host.BaseAddress, host);
    }
}
