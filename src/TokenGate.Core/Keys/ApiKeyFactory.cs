using System.Security.Cryptography;

namespace TokenGate.Core.Keys;

/// <summary>Creates new TokenGate keys from the operating system's cryptographic random source.</summary>
public static class ApiKeyFactory
{
    /// <summary>A new key: 8 random bytes of id, 32 random bytes of secret, and the secret's SHA-256.</summary>
    public static GeneratedApiKey Create()
    {
        Span<byte> idBytes = stackalloc byte[ApiKeyFormat.KeyIdLength / 2];
        Span<byte> secretBytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(idBytes);
        RandomNumberGenerator.Fill(secretBytes);
        var keyId = Convert.ToHexStringLower(idBytes);
        var secret = Base64UrlEncode(secretBytes);
        CryptographicOperations.ZeroMemory(secretBytes);
        return new GeneratedApiKey(keyId, ApiKeyFormat.Prefix + keyId + "_" + secret, ApiKeyFormat.HashSecret(secret));
    }

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
