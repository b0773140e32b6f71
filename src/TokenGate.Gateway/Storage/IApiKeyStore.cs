namespace TokenGate.Gateway.Storage;

/// <summary>API keys by id. Implementations: in memory, Azure Tables.</summary>
public interface IApiKeyStore
{
    Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken);
    Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken);
    /// <summary>Marks the key revoked; returns false when no such key exists.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);
}
