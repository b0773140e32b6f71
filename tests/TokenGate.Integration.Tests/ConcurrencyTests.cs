using System.Net;
using System.Text;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests;

/// <summary>Many concurrent calls for one user over real HTTP never pass a limit.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<HttpStatusCode[]> FireAsync(Uri baseAddress, string key, int count)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var calls = Enumerable.Range(0, count).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
            {
                Headers = { { "api-key", key } },
                Content = new StringContent("""{"messages":[{"role":"user","content":"hello"}],"max_tokens":50}""", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        });
        return await Task.WhenAll(calls);
    }

    [Fact]
    public async Task ConcurrentCalls_ForOneUser_NeverExceedRequestsPerMinute()
    {
        var key = await _host.CreateUserAsync("burst-rpm", new PlanDefinition { Name = "p-rpm", RequestsPerMinute = 5 });

        var statuses = await FireAsync(_host.BaseAddress, key, 40);

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 1, 5);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        Assert.InRange(_host.Upstream.Received.Count, 1, 5);
    }

    [Fact]
    public async Task ConcurrentCalls_ForOneUser_NeverExceedConcurrencyUpstream()
    {
        var key = await _host.CreateUserAsync("burst-conc", new PlanDefinition { Name = "p-conc", MaxConcurrentRequests = 3 });
        _host.Upstream.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var statuses = await FireAsync(_host.BaseAddress, key, 30);

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(_host.Upstream.MaxInFlight, 1, 3);
    }
}
