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
    private PeriodicTimer? _timer;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UseStoredModels)
        {
            // Started here, not in ExecuteAsync (which runs later on the thread pool), so the interval counts from start.
            _timer = new PeriodicTimer(options.Value.RefreshInterval, time);
            await live.RefreshAsync(store, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

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

    /// <inheritdoc />
    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }
}
