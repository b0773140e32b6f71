using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Identity;

namespace TokenGate.Gateway.Tests.Identity;

public class ClientIpHasherTests
{
    private static ClientIpHasher Create(string key) => new(Options.Create(new IdentityOptions { ClientIpHashKey = key }));

    private static string Expected(string key, string ip) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(ip))[..8]);

    [Fact]
    public void Hash_RepeatedAndManyAddresses_IsAlwaysTheKeyedHmacOfTheAddress()
    {
        var hasher = Create("k1");

        // More distinct addresses than the cache holds, twice over: cached or not, the answer is the HMAC.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 5000; i += 7)
            {
                var ip = $"10.0.{i / 256}.{i % 256}";
                Assert.Equal(Expected("k1", ip), hasher.Hash(ip));
            }
        }
    }

    [Fact]
    public void Hash_DifferentKeys_GiveDifferentHashesForTheSameAddress()
    {
        Assert.NotEqual(Create("k1").Hash("203.0.113.7"), Create("k2").Hash("203.0.113.7"));
        Assert.Equal(16, Create("k1").Hash("203.0.113.7").Length);
    }
}
