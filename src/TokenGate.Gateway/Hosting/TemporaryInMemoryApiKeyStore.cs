using System.Collections.Concurrent;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Hosting;

/// <summary>Stand-in until the storage engineer's stores are merged (the lead deletes this).</summary>
internal sealed class TemporaryInMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.TryGetValue(keyId, out var record) ? record : null);

    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        _keys[record.KeyId] = record;
        return Task.CompletedTask;
    }

    public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue(keyId, out var record))
        {
            return Task.FromResult(false);
        }

        _keys[keyId] = record with { RevokedAt = at };
        return Task.FromResult(true);
    }
}
