using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.Identity;

/// <summary>Keyed hash (HMAC-SHA256, 16 hex characters) of a client IP: correlatable within a deployment, never the IP itself.</summary>
internal sealed class ClientIpHasher
{
    private readonly byte[] _key;

    public ClientIpHasher(IOptions<IdentityOptions> options)
    {
        _key = options.Value.ClientIpHashKey is { Length: > 0 } configured
            ? Encoding.UTF8.GetBytes(configured)
            : RandomNumberGenerator.GetBytes(32);
    }

    public string Hash(string clientIp)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(clientIp), mac);
        return Convert.ToHexStringLower(mac[..8]);
    }
}
