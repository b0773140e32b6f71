namespace TokenGate.Gateway.Storage;

/// <summary>A stored API key: only the SHA-256 hash of the secret is kept.</summary>
public sealed record ApiKeyRecord
{
    /// <summary>Public id (the part of the key before the secret); the table row key.</summary>
    public required string KeyId { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    /// <summary>SHA-256 of the secret, 32 bytes.</summary>
    public required byte[] SecretHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}
