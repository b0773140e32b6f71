namespace TokenGate.Core.Keys;

/// <summary>A syntactically valid TokenGate key split into its public id and its secret.</summary>
/// <param name="KeyId">Public id: lower-case hex, safe to log and to use as a table row key.</param>
/// <param name="Secret">The secret part; never log or store it, only its <see cref="ApiKeyFormat.HashSecret"/>.</param>
public readonly record struct ParsedApiKey(string KeyId, string Secret)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"tg_{KeyId}_***";
}
