using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Azure.Messaging.EventHubs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.EventHubs;

/// <summary>
/// Publishes usage events to Event Hubs without ever slowing a request: <see cref="TryPublish"/>
/// writes into a bounded in-memory buffer and returns at once; a background loop hands events to
/// the transport, partitioned by user so each user's events stay ordered. When Event Hubs is slow
/// or away the buffer fills and new events are dropped, counted in <c>tokengate.events.dropped</c>
/// and logged (at most once a minute).
/// </summary>
public sealed partial class EventHubUsageEventSink : BackgroundService, IUsageEventSink
{
    private readonly Channel<UsageEvent> _buffer;
    private readonly IUsageEventTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger<EventHubUsageEventSink> _logger;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _published;
    private long _droppedSinceLog;
    private long _lastDropLogTimestamp;

    public EventHubUsageEventSink(
        IUsageEventTransport transport,
        IOptions<EventHubsOptions> options,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<EventHubUsageEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _transport = transport;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<UsageEvent>(new BoundedChannelOptions(options.Value.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        var meter = meterFactory.Create("TokenGate");
        _dropped = meter.CreateCounter<long>("tokengate.events.dropped", description: "Usage events dropped because the event buffer was full.");
        _published = meter.CreateCounter<long>("tokengate.events.published", description: "Usage events handed to Event Hubs.");
        _lastDropLogTimestamp = long.MinValue;
    }

    /// <summary>Events waiting in the buffer.</summary>
    public int Pending => _buffer.Reader.Count;

    /// <inheritdoc />
    public bool TryPublish(UsageEvent usageEvent)
    {
        ArgumentNullException.ThrowIfNull(usageEvent);
        if (_buffer.Writer.TryWrite(usageEvent))
        {
            return true;
        }

        _dropped.Add(1);
        var dropped = Interlocked.Increment(ref _droppedSinceLog);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLogTimestamp);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= TimeSpan.FromMinutes(1))
            && Interlocked.CompareExchange(ref _lastDropLogTimestamp, now, last) == last)
        {
            Interlocked.Add(ref _droppedSinceLog, -dropped);
            LogDropped(_logger, dropped);
        }

        return false;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var usageEvent in _buffer.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await SendAsync(usageEvent, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _buffer.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SendAsync(UsageEvent usageEvent, CancellationToken cancellationToken)
    {
        try
        {
            var data = new EventData(UsageEventJson.Serialize(usageEvent)) { ContentType = "application/json" };
            data.Properties["schemaVersion"] = usageEvent.SchemaVersion;
            data.Properties["kind"] = usageEvent.Kind.ToString();
            await _transport.EnqueueAsync(data, PartitionKeyOf(usageEvent), partitionId: null, cancellationToken).ConfigureAwait(false);
            _published.Add(1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a failing event stream must never take the gateway down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _dropped.Add(1);
            LogSendFailed(_logger, ex.GetType().Name);
        }
    }

    /// <summary>User id keeps a user's events in one partition; unauthenticated events go by client-IP hash.</summary>
    internal static string PartitionKeyOf(UsageEvent usageEvent) =>
        usageEvent.UserId is { Length: > 0 } user
            ? string.Concat(usageEvent.TenantId, "/", user)
            : usageEvent.ClientIpHash ?? usageEvent.KeyId ?? "anonymous";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage event buffer full: {Count} events dropped since the last report")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand a usage event to Event Hubs ({ErrorType}); dropped")]
    private static partial void LogSendFailed(ILogger logger, string errorType);
}
