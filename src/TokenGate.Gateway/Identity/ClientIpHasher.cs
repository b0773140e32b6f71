using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TokenGate.Gateway.Identity;

/// <summary>Keyed hash (HMAC-SHA256, 16 hex characters) of a client IP: correlatable within a deployment, never the IP itself.</summary>
internal sealed class ClientIpHasher
{
    // Callers come back from the same few addresses: remembering their hashes saves an HMAC per request.
    private const int MaxCached = 4096;
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly byte[] _key;

    public ClientIpHasher(IOptions<IdentityOptions> options)
    {
        _key = options.Value.ClientIpHashKey is { Length: > 0 } configured
            ? Encoding.UTF8.GetBytes(configured)
            : RandomNumberGenerator.GetBytes(32);
    }

    public string Hash(string clientIp)
    {
        if (_cache.TryGetValue(clientIp, out var cached))
        {
            return cached;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(clientIp), mac);
        var hash = Convert.ToHexStringLower(mac[..8]);
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[clientIp] = hash;
        return hash;
    }
}
