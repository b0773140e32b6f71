namespace TokenGate.Core.Keys;

/// <summary>
/// A freshly generated key. <see cref="Key"/> is shown to its owner once and never stored;
/// <see cref="SecretHash"/> is what goes into the key store.
/// </summary>
public sealed record GeneratedApiKey(string KeyId, string Key, byte[] SecretHash)
{
    /// <summary>Never prints the key itself.</summary>
    public override string ToString() => $"GeneratedApiKey {{ KeyId = {KeyId} }}";
}
