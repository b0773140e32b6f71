using Azure.Core;
using Azure.Core.Pipeline;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>A Table client pipeline policy that, while holding, parks every storage call until released: a store that is slow, not dead.</summary>
public sealed class HoldingTablePolicy : HttpPipelinePolicy
{
    private TaskCompletionSource? _gate;
    private int _waiting;
    private int _heldTotal;

    /// <summary>Storage calls parked right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Storage calls parked since the last <see cref="Hold"/>.</summary>
    public int HeldTotal => Volatile.Read(ref _heldTotal);

    public void Hold()
    {
        Volatile.Write(ref _heldTotal, 0);
        Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            Interlocked.Increment(ref _heldTotal);
            Interlocked.Increment(ref _waiting);
            try
            {
                await gate.Task.WaitAsync(message.CancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
