using System.Net;
using System.Text;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Upstream refusals reach the client honestly and cost the caller nothing (the reservation is released).</summary>
public sealed class UpstreamFailureTests
{
    private const string Chat = """{"messages":[{"role":"user","content":"Hello there"}],"max_tokens":5}""";

    [Theory]
    [InlineData(429, "2")]
    [InlineData(429, null)]
    [InlineData(500, null)]
    [InlineData(503, "1")]
    public async Task UpstreamError_IsPassedThroughWithRetryAfter_AndChargesNothing(int status, string? retryAfter)
    {
        await using var host = await HostileHost.StartAsync();
        var key = await host.CreateUserAsync("t1", "alice", new PlanDefinition { Name = "p", RequestsPerMinute = 1000, MaxConcurrentRequests = 10, MonthlyTokenBudget = 1_000_000 });

        var before = await RemainingAfterSuccessAsync(host, key, 1);

        host.Upstream.FailWithStatus = status;
        host.Upstream.RetryAfter = retryAfter;
        using (var failed = await PostAsync(host, key))
        {
            Assert.Equal(status, (int)failed.StatusCode);
            Assert.Equal(retryAfter, failed.Headers.TryGetValues("retry-after", out var values) ? values.Single() : null);
            // Shape only (the status was checked above): the client still gets an OpenAI error body.
            Assert.Null(OpenAIErrorShape.Problem(400, "POST", await failed.Content.ReadAsByteArrayAsync()));
        }

        await WaitForEventsAsync(host, 2);
        host.Upstream.FailWithStatus = null;
        var after = await RemainingAfterSuccessAsync(host, key, 3);

        // Only the first success (4 tokens reported by the upstream) was charged between the two readings.
        Assert.Equal(4, before - after);
        Assert.Equal(3, host.Upstream.Count);
    }

    private static async Task<long> RemainingAfterSuccessAsync(HostileHost host, string key, int eventsExpected)
    {
        using var response = await PostAsync(host, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForEventsAsync(host, eventsExpected);
        return long.Parse(response.Headers.GetValues("x-tokengate-budget-tokens-remaining").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForEventsAsync(HostileHost host, int count)
    {
        // The usage event is published after settlement, which may finish just after the client has the body.
        for (var i = 0; i < 500 && host.Events.Events.Count < count; i++)
        {
            await Task.Yield();
            Thread.Sleep(10);
        }

        Assert.Equal(count, host.Events.Events.Count);
    }

    private static Task<HttpResponseMessage> PostAsync(HostileHost host, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HostileInputs.ChatPath) { Content = new StringContent(Chat, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("api-key", key);
        return host.Client.SendAsync(request);
    }
}
