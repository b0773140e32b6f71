using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI.Chat;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests;

/// <summary>The official Azure.AI.OpenAI 2.1.0 client against the Standalone host over real HTTP.</summary>
public sealed class AzureOpenAISdkTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static PlanDefinition Plan(string name, long? budget = null) =>
        new() { Name = name, RequestsPerMinute = 100, TokensPerMinute = 1_000_000, MonthlyTokenBudget = budget, MaxOutputTokens = 512 };

    private AzureOpenAIClient Client(string key, TryCounter? counter = null)
    {
        var options = new AzureOpenAIClientOptions();
        if (counter is not null)
        {
            options.AddPolicy(counter, PipelinePosition.PerTry);
        }

        return new AzureOpenAIClient(_host.BaseAddress, new ApiKeyCredential(key), options);
    }

    [Fact]
    public async Task CompleteChat_ThroughGateway_ReturnsUpstreamAnswerAndUsesUpstreamCredential()
    {
        var key = await _host.CreateUserAsync("sdk-chat", Plan("p-chat"));

        var result = await Client(key).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Say the sentence.")]);

        Assert.Equal(FakeUpstream.Expected, result.Value.Content[0].Text);
        Assert.Equal(FakeUpstream.PromptTokens + FakeUpstream.CompletionTokens, result.Value.Usage.TotalTokenCount);
        var (path, headers, body) = Assert.Single(_host.Upstream.Received);
        Assert.StartsWith("/openai/deployments/gpt-4o-mini/chat/completions?api-version=", path, StringComparison.Ordinal);
        Assert.Equal(GatewayHost.UpstreamKey, headers["api-key"].ToString());
        Assert.DoesNotContain(key, string.Join(";", headers.Select(h => h.Value.ToString())), StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":512", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_ThroughGateway_StreamsTextAndFinalUsage()
    {
        var key = await _host.CreateUserAsync("sdk-stream", Plan("p-stream"));
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in Client(key).GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage("Stream it.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal(FakeUpstream.Expected, text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(FakeUpstream.CompletionTokens, usage.OutputTokenCount);
    }

    [Fact]
    public async Task GenerateEmbedding_ThroughGateway_ReturnsVector()
    {
        var key = await _host.CreateUserAsync("sdk-embed", Plan("p-embed"));

        var result = await Client(key).GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("hello");

        Assert.Equal([0.25f, 0.5f, 0.75f], result.Value.ToFloats().ToArray());
    }

    [Fact]
    public async Task Upstream429_WithRetryAfter_IsHonouredAndRetriedBySdk()
    {
        var key = await _host.CreateUserAsync("sdk-retry", Plan("p-retry"));
        _host.Upstream.Enqueue(FakeBehavior.TooManyRequests);
        var counter = new TryCounter();

        var result = await Client(key, counter).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Retry me.")]);

        Assert.Equal(FakeUpstream.Expected, result.Value.Content[0].Text);
        Assert.Equal(2, counter.Tries);
        Assert.Equal(2, _host.Upstream.Received.Count);
    }

    [Fact]
    public async Task ExhaustedBudget_Answers429InsufficientQuotaWithShouldRetryFalse_AndNoTryIsForwarded()
    {
        var key = await _host.CreateUserAsync("sdk-budget", Plan("p-budget", budget: 10));
        var counter = new TryCounter();

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client(key, counter).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Too expensive.")]));

        Assert.Equal(429, error.Status);
        var response = error.GetRawResponse()!;
        Assert.Equal("false", response.Headers.TryGetValue("x-should-retry", out var retry) ? retry : null);
        Assert.Contains("insufficient_quota", response.Content.ToString(), StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
        // Azure.AI.OpenAI 2.1.0 ignores x-should-retry and retries every 429 up to 3 times; each try is refused locally.
        Assert.InRange(counter.Tries, 1, 4);
    }

    /// <summary>Counts every try the SDK's pipeline makes (retries included).</summary>
    private sealed class TryCounter : PipelinePolicy
    {
        private int _tries;

        public int Tries => Volatile.Read(ref _tries);

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _tries);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _tries);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
