using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests;

/// <summary>Every call over real HTTP ends its reservation exactly once, with what upstream reported or a marked estimate.</summary>
public sealed class SettlementEndToEndTests : IAsyncLifetime
{
    private readonly RecordingQuotaEngine _engine = new();
    private GatewayHost _host = null!;
    private HttpClient _client = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(services => services.AddSingleton<IQuotaEngine>(_engine));
        _key = await _host.CreateUserAsync("mixed", new PlanDefinition { Name = "p-mixed", MaxOutputTokens = 256 });
        _client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private HttpRequestMessage Chat(bool stream) => new(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
    {
        Headers = { { "api-key", _key } },
        Content = new StringContent(stream ? """{"messages":[{"role":"user","content":"hi there"}],"stream":true}""" : """{"messages":[{"role":"user","content":"hi there"}]}""", Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task MixedRun_SettlesEachCallOnce_ReportedTokensMatchUpstream_EstimatesMarked()
    {
        var exact = 0;
        var estimated = 0;
        var released = 0;

        // Plain and streamed successes: settled with what upstream reported.
        for (var i = 0; i < 3; i++)
        {
            using var plain = await _client.SendAsync(Chat(stream: false));
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            using var streamed = await _client.SendAsync(Chat(stream: true));
            var sse = await streamed.Content.ReadAsStringAsync();
            Assert.Contains("[DONE]", sse, StringComparison.Ordinal);
            Assert.DoesNotContain("\"usage\":{", sse, StringComparison.Ordinal);
            exact += 2;
        }

        // Upstream errors without usage: released.
        _host.Upstream.Enqueue(FakeBehavior.ServerError, FakeBehavior.TooManyRequests);
        using (var failed = await _client.SendAsync(Chat(stream: false)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using (var busy = await _client.SendAsync(Chat(stream: false)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
            Assert.Equal("1", busy.Headers.GetValues("retry-after").Single());
        }

        released += 2;

        // Upstream cuts the stream: settled with an estimate; the client sees a broken response.
        _host.Upstream.Enqueue(FakeBehavior.CutStream);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var cut = await _client.SendAsync(Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
            await cut.Content.ReadAsStringAsync();
        });
        estimated++;

        // The client aborts mid-stream: settled with an estimate.
        _host.Upstream.Enqueue(FakeBehavior.SlowStream);
        using (var abort = new CancellationTokenSource())
        {
            using var slow = await _client.SendAsync(Chat(stream: true), HttpCompletionOption.ResponseHeadersRead, abort.Token);
            var body = await slow.Content.ReadAsStreamAsync(abort.Token);
            var buffer = new byte[64];
            Assert.True(await body.ReadAsync(buffer, abort.Token) > 0);
            // Cancelling a pending read tears the connection down (disposing alone would drain it for reuse).
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await body.ReadAsync(buffer, abort.Token) > 0)
                {
                }
            });
        }

        estimated++;

        var total = exact + estimated + released;
        await _engine.WaitForEndingsAsync(total);
        var endings = _engine.Endings.ToArray();
        Assert.Equal(total, endings.Length);
        Assert.Equal(total, _engine.Admitted.Count);
        Assert.All(endings.GroupBy(e => e.Id), g => Assert.Single(g));
        Assert.Equal(released, endings.Count(e => e.Usage is null));
        var settled = endings.Where(e => e.Usage is not null).Select(e => e.Usage!.Value).ToArray();
        Assert.Equal(estimated, settled.Count(u => u.IsEstimated));
        Assert.Equal(_host.Upstream.ReportedTokens, settled.Where(u => !u.IsEstimated).Sum(u => (long)u.TotalTokens));
        Assert.All(settled.Where(u => u.IsEstimated), u => Assert.True(u.CompletionTokens > 0));
    }

    [Fact]
    public async Task RejectedBeforeForwarding_BadJson_NothingAdmittedNothingForwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
        {
            Headers = { { "api-key", _key } },
            Content = new StringContent("{\"messages\": [", Encoding.UTF8, "application/json"),
        };

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_engine.Admitted);
        Assert.Empty(_host.Upstream.Received);
    }
}
