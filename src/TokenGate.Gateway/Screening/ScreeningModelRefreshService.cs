using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.Screening;

/// <summary>
/// Loads the newest stored screening model when the host starts (before it serves, so a restart screens
/// with the retrained model from its first request) and checks the store again every
/// <see cref="ScreeningModelOptions.RefreshInterval"/> on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ScreeningModelRefreshService(
    LiveScreeningModel live,
    IScreeningModelStore store,
    TimeProvider time,
    IOptions<ScreeningModelOptions> options) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UseStoredModels)
        {
            await live.RefreshAsync(store, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UseStoredModels)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await live.RefreshAsync(store, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
