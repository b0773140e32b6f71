using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Events;

/// <summary>
/// Drains <see cref="ChannelUsageEventSink"/> in batches into the <see cref="IUsageEventProcessor"/> (Standalone host):
/// up to <see cref="UsageEventOptions.MaxBatchSize"/> events, gathered for at most <see cref="UsageEventOptions.BatchWindow"/>.
/// A batch that fails because storage is down is delivered again (processors are idempotent on redelivery) after
/// a delay that doubles from 1 s to 30 s, until it succeeds or the host stops; new events wait in the channel meanwhile.
/// Any other failure drops the batch (a poison batch must not stop the stream).
/// </summary>
public sealed partial class UsageEventPump(
    ChannelUsageEventSink sink,
    IUsageEventProcessor processor,
    IOptions<UsageEventOptions> options,
    ILogger<UsageEventPump> logger,
    TimeProvider? time = null) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = sink.Reader;
        var maxBatch = options.Value.MaxBatchSize;
        var window = options.Value.BatchWindow;
        var batch = new List<UsageEvent>(maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain(reader, batch, maxBatch);
                if (window > TimeSpan.Zero && batch.Count < maxBatch)
                {
                    await Task.Delay(window, _time, stoppingToken).ConfigureAwait(false);
                    Drain(reader, batch, maxBatch);
                }

                await ProcessUntilStoredAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand over what is already buffered, without waiting for more.
            while (reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                await ProcessAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static void Drain(ChannelReader<UsageEvent> reader, List<UsageEvent> batch, int maxBatch)
    {
        while (batch.Count < maxBatch && reader.TryRead(out var item))
        {
            batch.Add(item);
        }
    }

    private async Task ProcessUntilStoredAsync(List<UsageEvent> batch, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (!await ProcessAsync(batch, stoppingToken).ConfigureAwait(false))
        {
            LogRetrying(logger, batch.Count, delay);
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false); // cancelled on shutdown: the batch is handed over once more there
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>False when storage was unavailable and the batch should be delivered again.</summary>
    private async Task<bool> ProcessAsync(List<UsageEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            await processor.ProcessAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex, cancellationToken))
        {
            LogStoreUnavailable(logger, batch.Count, ex);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, batch.Count, ex);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage event processor could not reach storage for a batch of {Count} events; it will be delivered again")]
    private static partial void LogStoreUnavailable(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivering the batch of {Count} events again in {Delay}")]
    private static partial void LogRetrying(ILogger logger, int count, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage event processor failed on a batch of {Count} events; the batch is dropped")]
    private static partial void LogFailed(ILogger logger, int count, Exception exception);
}
