using Azure.Messaging.EventHubs;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Gateway.Tests.EventHubs;

/// <summary>A transport that records what it is given and can be made to hold (Event Hubs slow or away).</summary>
internal sealed class RecordingTransport(params string[] partitions) : IUsageEventTransport
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _holding;

    public List<(EventData Data, string? PartitionKey, string? PartitionId)> Sent { get; } = [];

    public bool Disposed { get; private set; }

    public void Hold() => _holding = true;

    public void Release()
    {
        _holding = false;
        _release.TrySetResult();
    }

    public async ValueTask EnqueueAsync(EventData eventData, string? partitionKey, string? partitionId, CancellationToken cancellationToken)
    {
        if (_holding)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        lock (Sent)
        {
            Sent.Add((eventData, partitionKey, partitionId));
        }
    }

    public Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken) => Task.FromResult(partitions);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
