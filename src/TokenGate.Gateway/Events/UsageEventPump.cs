using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.Events;

/// <summary>
/// Drains <see cref="ChannelUsageEventSink"/> in batches into the <see cref="IUsageEventProcessor"/> (Standalone host):
/// up to <see cref="UsageEventOptions.MaxBatchSize"/> events, gathered for at most <see cref="UsageEventOptions.BatchWindow"/>.
/// </summary>
public sealed partial class UsageEventPump(
    ChannelUsageEventSink sink,
    IUsageEventProcessor processor,
    IOptions<UsageEventOptions> options,
    ILogger<UsageEventPump> logger,
    TimeProvider? time = null) : BackgroundService
{
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

                await ProcessAsync(batch, stoppingToken).ConfigureAwait(false);
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

    private async Task ProcessAsync(List<UsageEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            await processor.ProcessAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, batch.Count, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage event processor failed on a batch of {Count} events; the batch is dropped")]
    private static partial void LogFailed(ILogger logger, int count, Exception exception);
}
