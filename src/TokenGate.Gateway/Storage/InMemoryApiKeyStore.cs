using System.Collections.Concurrent;

namespace TokenGate.Gateway.Storage;

/// <summary><see cref="IApiKeyStore"/> in process memory (Standalone default, tests).</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return Task.FromResult(_keys.TryGetValue(keyId, out var record) ? Copy(record) : null);
    }

    /// <inheritdoc />
    /// <exception cref="StoreConflictException">A key with this id exists.</exception>
    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_keys.TryAdd(record.KeyId, Copy(record)))
        {
            throw new StoreConflictException($"An API key with id '{record.KeyId}' already exists.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        while (_keys.TryGetValue(keyId, out var current))
        {
            // The first revocation time is the one that counts.
            if (current.RevokedAt is not null || _keys.TryUpdate(keyId, current with { RevokedAt = at }, current))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    // Callers must not be able to change stored hashes through a shared array.
    private static ApiKeyRecord Copy(ApiKeyRecord record) => record with { SecretHash = [.. record.SecretHash] };
}
