namespace TokenGate.Standalone;

/// <summary>
/// Starts the upstream the Standalone host uses when <c>TokenGate:Upstream:Endpoint</c> is not set
/// (the in-process simulator). The returned handle is disposed when the host stops.
/// </summary>
public interface IUpstreamBootstrapper
{
    /// <summary>Starts the upstream and returns its base address and a handle that stops it.</summary>
    Task<(Uri BaseAddress, IAsyncDisposable Handle)> StartAsync(CancellationToken cancellationToken);
}
