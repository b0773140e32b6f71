using Azure.Core;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Gateway.Proxy;

namespace TokenGate.Gateway.Tests.Proxy;

public class EntraUpstreamCredentialTests
{
    private sealed class CountingCredential(TimeProvider time) : TokenCredential
    {
        public int Calls;

        public string? LastScope;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            LastScope = requestContext.Scopes.Single();
            var n = Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(new AccessToken("token-" + n, time.GetUtcNow().AddHours(1)));
        }
    }

    [Fact]
    public async Task Apply_ReusesTokenUntilFiveMinutesBeforeExpiry_ThenRefreshes()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingCredential(time);
        using var credential = new EntraUpstreamCredential(inner, time);

        using var first = new HttpRequestMessage();
        await credential.ApplyAsync(first, default);
        time.Advance(TimeSpan.FromMinutes(54));
        using var second = new HttpRequestMessage();
        await credential.ApplyAsync(second, default);
        time.Advance(TimeSpan.FromMinutes(2));
        using var third = new HttpRequestMessage();
        await credential.ApplyAsync(third, default);

        Assert.Equal("Bearer token-1", first.Headers.GetValues("Authorization").Single());
        Assert.Equal("Bearer token-1", second.Headers.GetValues("Authorization").Single());
        Assert.Equal("Bearer token-2", third.Headers.GetValues("Authorization").Single());
        Assert.Equal("https://cognitiveservices.azure.com/.default", inner.LastScope);
    }
}
