using System.Net;
using System.Text.Json;

namespace TokenGate.Simulator.Tests;

/// <summary>Routes, key check, errors and body shapes over raw HTTP.</summary>
public sealed class ProtocolTests : SimulatorTestBase
{
    private const string ChatPath = "openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

    [Fact]
    public async Task Chat_WithoutKey_Returns401InOpenAiErrorShape()
    {
        Http.DefaultRequestHeaders.Remove("api-key");

        using var response = await PostAsync(ChatPath, Chat("hi"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.Equal("401", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.DoesNotContain(Key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await StatsAsync()).Unauthorized);
    }

    [Fact]
    public async Task Chat_WithBearerKey_IsAccepted_AndWrongBearerIsNot()
    {
        Http.DefaultRequestHeaders.Remove("api-key");
        Http.DefaultRequestHeaders.Authorization = Bearer(Key);
        using var ok = await PostAsync("openai/v1/chat/completions", Chat("hi", ",\"model\":\"gpt-4o-mini\""));
        Http.DefaultRequestHeaders.Authorization = Bearer("wrong");
        using var denied = await PostAsync("openai/v1/chat/completions", Chat("hi", ",\"model\":\"gpt-4o-mini\""));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Http.DefaultRequestHeaders.Authorization = null;
        Http.DefaultRequestHeaders.Add("api-key", Key);
        Assert.Equal(1, (await StatsAsync()).Deployments["gpt-4o-mini"].Requests);
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"model\":\"x\"}", "messages")]
    [InlineData("{\"messages\":[],\"n\":0}", "n")]
    public async Task Chat_WithBadBody_Returns400InOpenAiErrorShape(string body, string? param)
    {
        using var response = await PostAsync(ChatPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_WithBadOverrideHeader_Returns400NamingTheHeader()
    {
        using var response = await PostAsync(ChatPath, Chat("hi"), (SimulatorHeaders.Fault, "explode"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SimulatorHeaders.Fault, (await JsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_HonoursMaxCompletionTokensNAndReasoning()
    {
        using var response = await PostAsync(ChatPath, Chat("count me", ",\"n\":3,\"max_completion_tokens\":12"), (SimulatorHeaders.ReasoningTokens, "4"));
        var json = await JsonAsync(response);

        var choices = json.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(3, choices.Count);
        Assert.All(choices, c => Assert.Equal("length", c.GetProperty("finish_reason").GetString()));
        Assert.All(choices, c => Assert.Equal(8, c.GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length));
        Assert.NotEqual(choices[0].GetProperty("message").GetProperty("content").GetString(), choices[1].GetProperty("message").GetProperty("content").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(36, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(12, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Chat_PromptTokensAreCeilUtf8BytesOverFourOfTextStrings_AndLongPromptsReportCachedTokens()
    {
        var prompt = new string('é', 1500); // 3000 bytes + "You are terse." (14 bytes)
        using var response = await PostAsync(ChatPath, Chat(prompt));
        var usage = (await JsonAsync(response)).GetProperty("usage");

        Assert.Equal(754, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());

        using var longer = await PostAsync(ChatPath, Chat(new string('a', 5000)));
        var longUsage = (await JsonAsync(longer)).GetProperty("usage");
        Assert.Equal(1254, longUsage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(1152, longUsage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_Legacy_ReturnsTextCompletionWithUsage()
    {
        using var response = await PostAsync("openai/deployments/davinci/completions?api-version=2024-10-21", """{"prompt":"Once upon","max_tokens":5}""");
        var json = await JsonAsync(response);

        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.Equal(5, json.GetProperty("choices")[0].GetProperty("text").GetString()!.Split(' ').Length);
        Assert.Equal(3, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Embeddings_Base64_DecodesToTheFloatVector()
    {
        using var floats = await PostAsync("openai/v1/embeddings", """{"model":"emb","input":["abc"],"dimensions":4}""");
        using var base64 = await PostAsync("openai/v1/embeddings", """{"model":"emb","input":["abc"],"dimensions":4,"encoding_format":"base64"}""");

        var expected = (await JsonAsync(floats)).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String((await JsonAsync(base64)).GetProperty("data")[0].GetProperty("embedding").GetString()!);
        var decoded = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, decoded, 0, bytes.Length);
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public async Task Responses_NonStreaming_ReturnsOutputTextAndUsage()
    {
        using var response = await PostAsync("openai/v1/responses", """{"model":"gpt-4.1","input":"Say hello","max_output_tokens":7}""");
        var json = await JsonAsync(response);

        Assert.Equal("response", json.GetProperty("object").GetString());
        Assert.Equal("incomplete", json.GetProperty("status").GetString());
        var text = json.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.Equal(7, text.Split(' ').Length);
        var usage = json.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(7, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(10, usage.GetProperty("total_tokens").GetInt32());
    }
}
