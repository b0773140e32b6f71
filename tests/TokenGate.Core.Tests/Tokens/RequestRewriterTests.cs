using System.Text;
using System.Text.Json;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class RequestRewriterTests
{
    private static string Rewrite(string json, int? cap, EndpointKind kind = EndpointKind.ChatCompletions, string? chatField = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var facts = RequestInspector.Read(body, kind, null).Facts!;
        var result = RequestRewriter.Rewrite(body, facts, cap, chatField);
        return Encoding.UTF8.GetString(result.Span);
    }

    [Fact]
    public void Rewrite_NothingToChange_ReturnsTheOriginalMemory()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"x"}],"max_tokens":10}""");
        var memory = new ReadOnlyMemory<byte>(body);
        var facts = RequestInspector.Read(body, EndpointKind.ChatCompletions, null).Facts!;

        var result = RequestRewriter.Rewrite(memory, facts, 100);

        Assert.True(result.Span == memory.Span);
    }

    [Fact]
    public void Rewrite_StreamingChatWithoutStreamOptions_AddsIncludeUsage()
    {
        var result = Rewrite("""{"stream":true, "messages":[{"role":"user","content":"x"}]}""", null);

        Assert.Equal("""{"stream_options":{"include_usage":true},"stream":true, "messages":[{"role":"user","content":"x"}]}""", result);
    }

    [Theory]
    [InlineData("""{"stream":true,"stream_options":{},"messages":[{"role":"user","content":"x"}]}""", """{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"stream":true,"stream_options":{"x":1},"messages":[{"role":"user","content":"x"}]}""", """{"stream":true,"stream_options":{"include_usage":true,"x":1},"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"stream":true,"stream_options":{"include_usage": false},"messages":[{"role":"user","content":"x"}]}""", """{"stream":true,"stream_options":{"include_usage": true},"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"stream":true,"stream_options":null,"messages":[{"role":"user","content":"x"}]}""", """{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""")]
    public void Rewrite_StreamOptionsPresent_SetsIncludeUsageInPlace(string input, string expected)
    {
        Assert.Equal(expected, Rewrite(input, null));
    }

    [Fact]
    public void Rewrite_ClientAskedForUsage_LeavesStreamOptionsAlone()
    {
        const string json = """{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""";

        Assert.Equal(json, Rewrite(json, null));
    }

    [Fact]
    public void Rewrite_NonStreamingOrResponses_NeedsNoStreamOptions()
    {
        const string chat = """{"messages":[{"role":"user","content":"x"}]}""";
        const string responses = """{"input":"x","stream":true}""";

        Assert.Equal(chat, Rewrite(chat, null));
        Assert.Equal(responses, Rewrite(responses, null, EndpointKind.Responses));
    }

    [Theory]
    [InlineData(EndpointKind.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}""", """{"max_tokens":256,"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData(EndpointKind.ChatCompletions, """{"model":"o3-mini","messages":[{"role":"user","content":"x"}]}""", """{"max_completion_tokens":256,"model":"o3-mini","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData(EndpointKind.ChatCompletions, """{"messages":[{"role":"user","content":"x"}],"max_tokens":null}""", """{"messages":[{"role":"user","content":"x"}],"max_tokens":256}""")]
    [InlineData(EndpointKind.Completions, """{"prompt":"x"}""", """{"max_tokens":256,"prompt":"x"}""")]
    [InlineData(EndpointKind.Responses, """{"input":"x"}""", """{"max_output_tokens":256,"input":"x"}""")]
    [InlineData(EndpointKind.Embeddings, """{"input":"x"}""", """{"input":"x"}""")]
    public void Rewrite_PlanCapAndNoClientMaximum_AddsTheRightField(EndpointKind kind, string input, string expected)
    {
        Assert.Equal(expected, Rewrite(input, 256, kind));
    }

    [Fact]
    public void Rewrite_ChatFieldOverride_IsHonoured()
    {
        var result = Rewrite("""{"messages":[{"role":"user","content":"x"}]}""", 7, chatField: "max_completion_tokens");

        Assert.StartsWith("""{"max_completion_tokens":7,""", result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens": 5000}""", """{"messages":[{"role":"user","content":"x"}],"max_tokens": 256}""")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":9999}""", """{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":256}""")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":100}""", """{"messages":[{"role":"user","content":"x"}],"max_tokens":100}""")]
    public void Rewrite_ClientMaximumAboveCap_IsClampedInItsOwnField(string input, string expected)
    {
        Assert.Equal(expected, Rewrite(input, 256));
    }

    [Fact]
    public void Rewrite_StreamAndCapTogether_ProduceOneValidBody()
    {
        var result = Rewrite("""{ "stream" : true , "messages":[{"role":"user","content":"caf\u00e9 ☕"}], "temperature": 0.2, "metadata": {"k":"v"} }""", 64);

        using var doc = JsonDocument.Parse(result);
        Assert.True(doc.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(64, doc.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Contains("""\u00e9 ☕""", result, StringComparison.Ordinal);
        Assert.EndsWith("\"temperature\": 0.2, \"metadata\": {\"k\":\"v\"} }", result, StringComparison.Ordinal);
    }
}
