using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using TokenGate.Simulator.Serving;

namespace TokenGate.Simulator.Tests.Serving;

public sealed class RequestParserTests
{
    private static (string? Error, SimRequest Request) Parse(string json, ApiKind kind = ApiKind.ChatCompletions)
    {
        var request = new SimRequest();
        var error = RequestParser.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), kind, request, out _);
        return (error, request);
    }

    [Fact]
    public void PromptTokens_ForAnyMessageText_AreCeilOfUtf8BytesOverFour()
    {
        Gen.String.Array[1, 4].Sample(texts =>
        {
            var messages = string.Join(',', texts.Select(t => $$"""{"role":"user","name":"bob","content":{{JsonSerializer.Serialize(t)}}}"""));
            var (error, request) = Parse($$"""{"messages":[{{messages}}]}""");

            Assert.Null(error);
            var bytes = texts.Sum(t => Encoding.UTF8.GetByteCount(t));
            Assert.Equal((bytes + 3) / 4, request.PromptTokens);
        });
    }

    [Fact]
    public void SameText_EscapedOrNot_HashesTheSame()
    {
        var (_, plain) = Parse("""{"messages":[{"role":"user","content":"aé"}]}""");
        var (_, escaped) = Parse("""{"messages":[{"role":"user","content":"a\u00e9"}]}""");

        Assert.Equal(plain.PromptHash, escaped.PromptHash);
        Assert.Equal(plain.PromptTokens, escaped.PromptTokens);
    }

    [Fact]
    public void ContentParts_CountTextButNotTypes()
    {
        var (_, request) = Parse("""{"messages":[{"role":"user","content":[{"type":"text","text":"12345678"}]}],"max_tokens":5,"max_completion_tokens":9}""");

        Assert.Equal(2, request.PromptTokens);
        Assert.Equal(5, request.MaxTokens);
    }

    [Fact]
    public void EmbeddingInputs_AcceptStringsAndTokenArrays()
    {
        var (error, request) = Parse("""{"input":[[1,2,3],[4]],"dimensions":3}""", ApiKind.Embeddings);
        var (_, single) = Parse("""{"input":[7,8,9]}""", ApiKind.Embeddings);

        Assert.Null(error);
        Assert.Equal([3, 1], request.Inputs.Select(i => i.Tokens));
        Assert.Equal([3], single.Inputs.Select(i => i.Tokens));
        Assert.Equal(3, request.Dimensions);
    }

    [Theory]
    [InlineData("{\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true},\"n\":2}", true)]
    [InlineData("{\"messages\":[],\"stream\":true}", false)]
    public void StreamOptions_AreRead(string json, bool includeUsage)
    {
        var (_, request) = Parse(json);

        Assert.True(request.Stream);
        Assert.Equal(includeUsage, request.IncludeUsage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"messages\":[}")]
    [InlineData("{\"input\":{}}")]
    public void Malformed_ReturnsError(string json) =>
        Assert.NotNull(Parse(json, json.Contains("input", StringComparison.Ordinal) ? ApiKind.Embeddings : ApiKind.ChatCompletions).Error);
}
