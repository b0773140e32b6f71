using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.EventHubs;

/// <summary>
/// <see cref="IUsageEventTransport"/> over <see cref="EventHubBufferedProducerClient"/>: the client
/// batches per partition and publishes in the background; identity-based unless a connection string is set.
/// </summary>
public sealed partial class BufferedProducerTransport : IUsageEventTransport
{
    private readonly EventHubBufferedProducerClient _client;
    private readonly ILogger<BufferedProducerTransport> _logger;

    public BufferedProducerTransport(IOptions<EventHubsOptions> options, ILogger<BufferedProducerTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _logger = logger;
        var clientOptions = new EventHubBufferedProducerClientOptions
        {
            MaximumEventBufferLengthPerPartition = settings.MaxBufferedPerPartition,
            MaximumWaitTime = TimeSpan.FromMilliseconds(250),
        };
        _client = string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? new EventHubBufferedProducerClient(settings.FullyQualifiedNamespace, settings.HubName, CreateCredential(settings), clientOptions)
            : new EventHubBufferedProducerClient(settings.ConnectionString, settings.HubName, clientOptions);
        _client.SendEventBatchFailedAsync += OnBatchFailedAsync;
    }

    public ValueTask EnqueueAsync(EventData eventData, string? partitionKey, string? partitionId, CancellationToken cancellationToken)
    {
        var enqueueOptions = new EnqueueEventOptions { PartitionKey = partitionId is null ? partitionKey : null, PartitionId = partitionId };
        return new ValueTask(_client.EnqueueEventAsync(eventData, enqueueOptions, cancellationToken));
    }

    public Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken) => _client.GetPartitionIdsAsync(cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static TokenCredential CreateCredential(EventHubsOptions settings) =>
        string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));

    private Task OnBatchFailedAsync(SendEventBatchFailedEventArgs args)
    {
        LogBatchFailed(_logger, args.EventBatch.Count, args.PartitionId, args.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event Hubs rejected a batch of {Count} usage events for partition {PartitionId} ({ErrorType}); they are lost")]
    private static partial void LogBatchFailed(ILogger logger, int count, string partitionId, string errorType);
}
