using System.Net;
using System.Text;

namespace TokenGate.Simulator.Tests;

/// <summary>Injected faults observed by a raw HttpClient, and what the counters record for them.</summary>
public sealed class FaultTests : SimulatorTestBase
{
    private const string ChatPath = "openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

    [Fact]
    public async Task Fault429_ReturnsRetryAfterHeadersAndRateLimitError()
    {
        using var response = await PostAsync(ChatPath, Chat("hi"), (SimulatorHeaders.Fault, "429"), (SimulatorHeaders.RetryAfterMs, "2500"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        Assert.Equal("2500", response.Headers.GetValues("retry-after-ms").Single());
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.Equal("429", error.GetProperty("code").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("500", HttpStatusCode.InternalServerError)]
    [InlineData("503", HttpStatusCode.ServiceUnavailable)]
    public async Task ServerFaults_ReturnStatusInOpenAiErrorShape(string fault, HttpStatusCode status)
    {
        using var response = await PostAsync(ChatPath, Chat("hi"), (SimulatorHeaders.Fault, fault));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(fault, (await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
        var stats = await StatsAsync();
        Assert.Equal(1, stats.Faults[fault]);
        Assert.Equal(0, stats.TotalTokens);
    }

    [Fact]
    public async Task CutStream_AbortsHalfwayWithoutUsageOrDone_AndCountsSentTokens()
    {
        using var response = await SendAsync(ChatPath, Chat("hi", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
            HttpCompletionOption.ResponseHeadersRead, CancellationToken.None, (SimulatorHeaders.Fault, "cut"), (SimulatorHeaders.CompletionTokens, "10"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var received = new StringBuilder();
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var broke = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (HttpRequestException)
        {
            broke = true;
        }
        catch (IOException)
        {
            broke = true;
        }

        Assert.True(broke, "the stream should end with a transport error, not a clean end");
        var data = SseData(received.ToString());
        Assert.DoesNotContain("[DONE]", data);
        Assert.DoesNotContain(data, d => d.Contains("\"completion_tokens\"", StringComparison.Ordinal));
        Assert.Equal(5, data.Count(d => d.Contains("\"content\":\"", StringComparison.Ordinal) && !d.Contains("\"role\"", StringComparison.Ordinal)));

        var stats = await StatsAsync();
        Assert.Equal(1, stats.Faults["cut"]);
        Assert.Equal(5, stats.CompletionTokens);
        Assert.Equal(4, stats.PromptTokens);
    }

    [Fact]
    public async Task CutNonStreaming_SendsHalfTheBodyThenAborts()
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(ChatPath, Chat("hi"), (SimulatorHeaders.Fault, "cut")));

        var stats = await StatsAsync();
        Assert.Equal(1, stats.Faults["cut"]);
        Assert.Equal(0, stats.CompletionTokens);
    }

    [Fact]
    public async Task Stall_SendsNothingUntilTheClientCancels()
    {
        using var cts = new CancellationTokenSource();
        var call = SendAsync(ChatPath, Chat("hi"), HttpCompletionOption.ResponseHeadersRead, cts.Token, (SimulatorHeaders.Fault, "stall"));

        while ((await StatsAsync()).Faults["stall"] == 0)
        {
            await Task.Yield();
        }

        Assert.False(call.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, (await StatsAsync()).Requests);
    }

    [Fact]
    public async Task FaultNone_OverridesChaos()
    {
        await using var chaos = await SimulatorHost.StartAsync(configure: o => o.FaultRate = 1.0);
        using var http = new HttpClient { BaseAddress = chaos.BaseAddress };

        using var faulted = await http.PostAsync(ChatPath, new StringContent(Chat("hi")));
        using var request = new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = new StringContent(Chat("hi")) };
        request.Headers.Add(SimulatorHeaders.Fault, "none");
        using var clean = await http.SendAsync(request);

        Assert.Contains(faulted.StatusCode, new[] { HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
    }

    [Fact]
    public async Task ChaosRate_IsReproducibleForTheSameSeed()
    {
        async Task<List<HttpStatusCode>> RunAsync()
        {
            await using var chaos = await SimulatorHost.StartAsync(configure: o => { o.FaultRate = 0.5; o.FaultSeed = 11; });
            using var http = new HttpClient { BaseAddress = chaos.BaseAddress };
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var r = await http.PostAsync(ChatPath, new StringContent(Chat("hi")));
                codes.Add(r.StatusCode);
            }

            Assert.Equal(codes.Count(c => c != HttpStatusCode.OK), chaos.GetStats().Faults.Values.Sum());
            return codes;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(first, c => c != HttpStatusCode.OK);
    }

    [Fact]
    public async Task CutResponsesStream_EndsPrematurelyWithoutCompletedEvent()
    {
        using var response = await SendAsync("openai/v1/responses", """{"model":"gpt-4.1","input":"hi","stream":true}""",
            HttpCompletionOption.ResponseHeadersRead, CancellationToken.None, (SimulatorHeaders.Fault, "cut"), (SimulatorHeaders.CompletionTokens, "6"));
        var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();

        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(received));

        var body = Encoding.UTF8.GetString(received.ToArray());
        Assert.Equal(3, SseData(body).Count(d => d.Contains("response.output_text.delta", StringComparison.Ordinal)));
        Assert.DoesNotContain("response.completed", body, StringComparison.Ordinal);
        Assert.Equal(3, (await StatsAsync()).CompletionTokens);
    }
}
