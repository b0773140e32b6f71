using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.Quota;

/// <summary>Runs <see cref="QuotaSynchronizer.FlushAsync"/> and <see cref="QuotaSynchronizer.RefreshAsync"/> on <see cref="TimeProvider"/> timers; flushes once more on shutdown.</summary>
public sealed class QuotaSyncService(QuotaSynchronizer synchronizer, IOptions<QuotaSyncOptions> options, TimeProvider time, ILogger<QuotaSyncService> logger) : BackgroundService
{
    private readonly QuotaSyncOptions _options = options.Value;
    private readonly TaskCompletionSource _timersCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once both timers exist (tests advance a fake clock only after this).</summary>
    internal Task TimersCreated => _timersCreated.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QuotaSyncLog.Started(logger, synchronizer.SourceId, _options.FlushInterval, _options.RefreshInterval);
        using var flushTimer = new PeriodicTimer(_options.FlushInterval, time);
        using var refreshTimer = new PeriodicTimer(_options.RefreshInterval, time);
        _timersCreated.TrySetResult();
        await Task.WhenAll(
            RunEveryAsync("flush", flushTimer, synchronizer.FlushAsync, stoppingToken),
            RunEveryAsync("refresh", refreshTimer, synchronizer.RefreshAsync, stoppingToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Hand over what was settled since the last tick; anything still unconfirmed is lost with the process.
            await synchronizer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            QuotaSyncLog.RoundFailed(logger, "final flush", ex);
        }
    }

    private async Task RunEveryAsync(string name, PeriodicTimer timer, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await round(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    QuotaSyncLog.RoundFailed(logger, name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
