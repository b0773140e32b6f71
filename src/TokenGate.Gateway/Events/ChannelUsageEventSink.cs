using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Events;

/// <summary>A bounded in-process buffer of usage events; when full, the new event is dropped (metric + log), never waited for.</summary>
public sealed partial class ChannelUsageEventSink : IUsageEventSink
{
    private readonly Channel<UsageEvent> _channel;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ChannelUsageEventSink> _logger;

    /// <summary>Creates the sink with <see cref="UsageEventOptions.Capacity"/>.</summary>
    public ChannelUsageEventSink(IOptions<UsageEventOptions> options, GatewayMetrics metrics, ILogger<ChannelUsageEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<UsageEvent>(new BoundedChannelOptions(options.Value.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The consuming side, read by <see cref="UsageEventPump"/>.</summary>
    public ChannelReader<UsageEvent> Reader => _channel.Reader;

    /// <inheritdoc />
    public bool TryPublish(UsageEvent usageEvent)
    {
        // With FullMode.Wait, TryWrite returns false when full instead of evicting: the new event is the one dropped.
        if (_channel.Writer.TryWrite(usageEvent))
        {
            return true;
        }

        _metrics.EventDropped();
        LogDropped(_logger, usageEvent.Kind, usageEvent.RequestId);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage event buffer full: dropped a {Kind} event for request {RequestId}")]
    private static partial void LogDropped(ILogger logger, UsageEventKind kind, string requestId);
}
