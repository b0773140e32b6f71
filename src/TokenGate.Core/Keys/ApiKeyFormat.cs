using System.Security.Cryptography;
using System.Text;

namespace TokenGate.Core.Keys;

/// <summary>
/// The TokenGate key format <c>tg_&lt;keyId&gt;_&lt;secret&gt;</c>: <c>keyId</c> is 16 lower-case hex
/// characters (8 random bytes), <c>secret</c> is 43 base64url characters (32 random bytes).
/// Only SHA-256 of the secret is stored; verification is constant-time. Parsing never throws.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>Every key starts with this.</summary>
    public const string Prefix = "tg_";

    /// <summary>Length of the public key id in characters.</summary>
    public const int KeyIdLength = 16;

    /// <summary>Length of the secret in characters.</summary>
    public const int SecretLength = 43;

    /// <summary>Total length of a key.</summary>
    public const int KeyLength = 3 + KeyIdLength + 1 + SecretLength;

    /// <summary>Length of <see cref="HashSecret"/>'s result in bytes.</summary>
    public const int HashLength = 32;

    /// <summary>Splits a presented key; false (never an exception) for anything not in the format.</summary>
    public static bool TryParse(string? presented, out ParsedApiKey key)
    {
        key = default;
        if (presented is null || presented.Length != KeyLength || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var span = presented.AsSpan();
        var keyId = span.Slice(Prefix.Length, KeyIdLength);
        if (span[Prefix.Length + KeyIdLength] != '_' || !IsLowerHex(keyId))
        {
            return false;
        }

        var secret = span[(Prefix.Length + KeyIdLength + 1)..];
        if (!IsBase64Url(secret))
        {
            return false;
        }

        key = new ParsedApiKey(keyId.ToString(), secret.ToString());
        return true;
    }

    /// <summary>True when <paramref name="keyId"/> has the shape of a key id (lower-case hex, 16 characters).</summary>
    public static bool IsValidKeyId(string? keyId) => keyId is { Length: KeyIdLength } && IsLowerHex(keyId);

    /// <summary>SHA-256 of the secret's UTF-8 bytes: what a store keeps.</summary>
    public static byte[] HashSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> storedHash)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (storedHash.Length != HashLength)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[HashLength];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(secret.Length);
        var buffer = maxBytes <= 256 ? stackalloc byte[256] : new byte[maxBytes];
        var written = Encoding.UTF8.GetBytes(secret, buffer);
        SHA256.HashData(buffer[..written], presented);
        return CryptographicOperations.FixedTimeEquals(presented, storedHash);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase64Url(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
