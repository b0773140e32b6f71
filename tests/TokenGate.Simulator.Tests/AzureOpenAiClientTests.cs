using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace TokenGate.Simulator.Tests;

/// <summary>The official Azure.AI.OpenAI client against the simulator over real HTTP.</summary>
public sealed class AzureOpenAiClientTests : SimulatorTestBase
{
    private AzureOpenAIClient Client => new(Host.BaseAddress, new ApiKeyCredential(Key));

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsDeterministicContentAndUsage()
    {
        var chat = Client.GetChatClient("gpt-4o");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 10 };

        ChatCompletion first = await chat.CompleteChatAsync([new UserChatMessage("Hello there, simulator!")], options);
        ChatCompletion second = await chat.CompleteChatAsync([new UserChatMessage("Hello there, simulator!")], options);

        Assert.Equal(ChatFinishReason.Length, first.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, first.Role);
        Assert.Equal(10, first.Content[0].Text.Split(' ').Length);
        Assert.Equal(first.Content[0].Text, second.Content[0].Text);
        Assert.Equal(6, first.Usage.InputTokenCount); // 23 UTF-8 bytes → ceil(23 / 4)
        Assert.Equal(10, first.Usage.OutputTokenCount);
        Assert.Equal(16, first.Usage.TotalTokenCount);
        Assert.Equal(0, first.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal("gpt-4o", first.Model);
    }

    [Fact]
    public async Task CompleteChatStreaming_WithUsage_StreamsSameContentAndReportsUsage()
    {
        var chat = Client.GetChatClient("gpt-4o");
        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Stream me a story")]);

        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream me a story")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(50, usage.OutputTokenCount);
        var stats = Host.GetStats();
        Assert.Equal(2, stats.Requests);
        Assert.Equal(1, stats.Streams);
        Assert.Equal(100, stats.CompletionTokens);
    }

    [Fact]
    public async Task GenerateEmbeddings_ReturnsUnitVectorsOfRequestedDimensionsAndUsage()
    {
        var embeddings = Client.GetEmbeddingClient("text-embedding-3-small");

        OpenAIEmbeddingCollection result = await embeddings.GenerateEmbeddingsAsync(
            ["first input", "second, longer input"], new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.Equal(2, result.Count);
        var first = result[0].ToFloats().ToArray();
        var second = result[1].ToFloats().ToArray();
        Assert.Equal(256, first.Length);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(x => (double)x * x)), 3);
        Assert.NotEqual(first, second);
        Assert.Equal(3 + 5, result.Usage.InputTokenCount); // ceil(11 / 4) + ceil(20 / 4)
        Assert.Equal(8, result.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateEmbedding_SdkDecodingMatchesFloatEncoding()
    {
        var embeddings = Client.GetEmbeddingClient("text-embedding-3-small");
        OpenAIEmbedding viaSdk = await embeddings.GenerateEmbeddingAsync("same text", new EmbeddingGenerationOptions { Dimensions = 8 });

        using var response = await PostAsync(
            "openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21",
            """{"input":"same text","dimensions":8,"encoding_format":"float"}""");
        var json = await JsonAsync(response);
        var floats = json.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        Assert.Equal(floats, viaSdk.ToFloats().ToArray());
    }

    [Fact]
    public async Task GenerateEmbedding_SdkRequestsBase64_AndSimulatorServesIt()
    {
        var recorder = new BodyRecorder { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(recorder);
        var client = new AzureOpenAIClient(Host.BaseAddress, new ApiKeyCredential(Key), new AzureOpenAIClientOptions { Transport = new HttpClientPipelineTransport(http) });

        OpenAIEmbedding embedding = await client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingAsync("hello");

        Assert.Contains("\"encoding_format\":\"base64\"", recorder.LastBody, StringComparison.Ordinal);
        Assert.Equal(1536, embedding.ToFloats().Length);
    }

    private sealed class BodyRecorder : DelegatingHandler
    {
        public string LastBody { get; private set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastBody = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
