using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace TokenGate.Simulator.Tests;

/// <summary>Counters at /_sim/stats and delays driven by an injected TimeProvider.</summary>
public sealed class StatsAndTimingTests : SimulatorTestBase
{
    [Fact]
    public async Task Stats_CountRequestsTokensPerDeploymentAndFaults_AndResetZeroesThem()
    {
        using (await PostAsync("openai/deployments/a/chat/completions", Chat("hi"), (SimulatorHeaders.CompletionTokens, "7"))) { }
        using (await PostAsync("openai/deployments/b/chat/completions", Chat("hi", ",\"stream\":true"), (SimulatorHeaders.CompletionTokens, "3"))) { }
        using (await PostAsync("openai/deployments/b/embeddings", """{"input":"12345678"}"""))  { }
        using (await PostAsync("openai/deployments/b/chat/completions", Chat("hi"), (SimulatorHeaders.Fault, "503"))) { }
        using (await PostAsync("openai/deployments/b/chat/completions", "{")) { }

        var stats = await StatsAsync();

        Assert.Equal(4, stats.Requests);
        Assert.Equal(1, stats.Streams);
        Assert.Equal(1, stats.BadRequests);
        Assert.Equal(new DeploymentStats(1, 4, 7, 0), stats.Deployments["a"]);
        Assert.Equal(new DeploymentStats(3, 4 + 2, 3, 1), stats.Deployments["b"]);
        Assert.Equal(10, stats.PromptTokens);
        Assert.Equal(20, stats.TotalTokens);
        Assert.Equal(1, stats.Faults["503"]);

        using var reset = await Http.PostAsync("_sim/reset", null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var after = await StatsAsync();
        Assert.Equal(0, after.Requests);
        Assert.Empty(after.Deployments);
        Assert.All(after.Faults.Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public async Task Latency_HoldsTheResponseUntilTimeAdvances()
    {
        var time = new FakeTimeProvider();
        await using var host = await SimulatorHost.StartAsync("http://127.0.0.1:0", o => o.LatencyMs = 5_000, time);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var call = http.PostAsync("openai/deployments/d/chat/completions", new StringContent(Chat("hi")));
        while (host.GetStats().Requests == 0)
        {
            await Task.Yield();
        }

        Assert.False(call.IsCompleted);
        var advanced = TimeSpan.Zero;
        var spins = 0;
        while (!call.IsCompleted)
        {
            Assert.True(++spins < 5_000_000, "the response never came");
            time.Advance(TimeSpan.FromMilliseconds(500));
            advanced += TimeSpan.FromMilliseconds(500);
            await Task.Yield();
        }

        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(5), $"answered after {advanced}");
    }

    [Fact]
    public async Task StreamPacing_WaitsTimeToFirstTokenThenTokensPerSecond()
    {
        var time = new FakeTimeProvider();
        await using var host = await SimulatorHost.StartAsync("http://127.0.0.1:0", o => { o.TimeToFirstTokenMs = 1_000; o.TokensPerSecond = 2; }, time);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "openai/deployments/d/chat/completions") { Content = new StringContent(Chat("hi", ",\"stream\":true")) };
        request.Headers.Add(SimulatorHeaders.CompletionTokens, "4");

        var call = http.SendAsync(request);
        var advanced = TimeSpan.Zero;
        var spins = 0;
        while (!call.IsCompleted)
        {
            // Advancing before the server has armed its timer is wasted, so bound spins, not fake time.
            Assert.True(++spins < 5_000_000, "the stream never ended");
            time.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
            await Task.Yield();
        }

        using var response = await call;
        Assert.Equal("[DONE]", SseData(await response.Content.ReadAsStringAsync())[^1]);
        Assert.True(advanced >= TimeSpan.FromSeconds(2.5), $"streamed in {advanced}"); // 1 s to the first token, then 3 × 0.5 s
    }

    [Fact]
    public async Task AbandonedStream_CountsPromptAndTheContentTokensSentBeforeTheClientLeft()
    {
        var time = new FakeTimeProvider();
        await using var host = await SimulatorHost.StartAsync("http://127.0.0.1:0", o => o.TokensPerSecond = 1, time);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "openai/deployments/d/chat/completions") { Content = new StringContent(Chat("hi", ",\"stream\":true")) };
        request.Headers.Add(SimulatorHeaders.CompletionTokens, "10");

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var contentChunks = 0;
        while (contentChunks == 0 && await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"role\"", StringComparison.Ordinal))
            {
                contentChunks++;
            }
        }

        response.Dispose(); // the client leaves while the server waits for the next token
        var spins = 0;
        while (host.GetStats().TotalTokens == 0)
        {
            Assert.True(++spins < 5_000_000, "the abandoned stream was never counted");
            await Task.Yield();
        }

        var stats = host.GetStats();
        Assert.Equal(4, stats.PromptTokens);
        Assert.Equal(1, stats.CompletionTokens);
    }
}
