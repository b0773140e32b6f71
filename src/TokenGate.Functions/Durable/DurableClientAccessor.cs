using Microsoft.DurableTask.Client;

namespace TokenGate.Functions.Durable;

/// <summary>
/// The isolated worker hands out a <see cref="DurableTaskClient"/> only as a function binding
/// (<c>[DurableClient]</c>); there is no DI registration. Every function that receives one offers it
/// here, so background services (the quota synchronizer) can use the same client afterwards.
/// </summary>
public sealed class DurableClientAccessor
{
    private readonly TaskCompletionSource<DurableTaskClient> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once a function has offered a client.</summary>
    public bool HasClient => _client.Task.IsCompletedSuccessfully;

    /// <summary>Keeps the first client offered; later ones are the same connection and are ignored.</summary>
    public void Offer(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client.TrySetResult(client);
    }

    /// <summary>Waits until a function has offered a client.</summary>
    public Task<DurableTaskClient> GetAsync(CancellationToken cancellationToken) => _client.Task.WaitAsync(cancellationToken);
}
