using System.Buffers;
using System.Text;
using CsCheck;
using TokenGate.Core.Admission;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class JsonUsageTapTests
{
    private const string Chat = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"The \"usage\": {\"prompt_tokens\": 999} is fake","refusal":null},"finish_reason":"stop"}],
         "usage": {"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "system_fingerprint":"fp_1"}
        """;

    private const string Responses = """
        {"id":"resp_1","object":"response","status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hi","annotations":[]}]}],
         "usage":{"input_tokens":328,"input_tokens_details":{"cached_tokens":128},"output_tokens":52,"output_tokens_details":{"reasoning_tokens":40},"total_tokens":380},"user":null,"metadata":{}}
        """;

    private const string Embeddings = """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,-0.0028842222]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}
        """;

    private static (string Output, TokenUsage? Usage) Run(string body, IReadOnlyList<int>? cuts = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var tap = ResponseUsageTap.ForJson("gpt-4o");
        var output = new ArrayBufferWriter<byte>();
        var at = 0;
        foreach (var cut in (cuts ?? []).Order())
        {
            var end = Math.Clamp(cut, at, bytes.Length);
            tap.Process(bytes.AsSpan(at, end - at), output);
            at = end;
        }

        tap.Process(bytes.AsSpan(at), output);
        tap.Complete(output);
        Assert.Equal(0, tap.EstimatedCompletionTokens);
        return (Encoding.UTF8.GetString(output.WrittenSpan), tap.ReportedUsage);
    }

    [Theory]
    [InlineData(Chat, 19, 10, 0, 0)]
    [InlineData(Responses, 328, 52, 128, 40)]
    [InlineData(Embeddings, 8, 0, 0, 0)]
    public void Process_Bodies_PassThroughAndYieldUsage(string body, int prompt, int completion, int cached, int reasoning)
    {
        var (output, usage) = Run(body);

        Assert.Equal(body, output);
        Assert.Equal(new TokenUsage(prompt, completion, cached, reasoning), usage);
    }

    [Fact]
    public void Process_UsageTextInsideStrings_IsIgnored()
    {
        var (_, usage) = Run(Chat);

        Assert.Equal(19, usage?.PromptTokens);
    }

    [Theory]
    [InlineData("""{"error":{"message":"bad","type":"invalid_request_error","param":null,"code":null}}""")]
    [InlineData("""{"usage":null}""")]
    [InlineData("""{"usage":{"total_tokens":3}}""")]
    [InlineData("""{"choices":[{"usage":{"prompt_tokens":5}}]}""")]
    [InlineData("not json at all")]
    public void Process_NoTopLevelUsage_ReportsNone(string body)
    {
        var (output, usage) = Run(body);

        Assert.Equal(body, output);
        Assert.Null(usage);
    }

    [Fact]
    public void Process_RandomChunkBoundaries_GiveTheSameUsageAndBytes()
    {
        string[] bodies = [Chat, Responses, Embeddings];
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000].Array[0, 30]).Sample((which, cuts) =>
        {
            var (output, usage) = Run(bodies[which], cuts);
            Assert.Equal(bodies[which], output);
            Assert.Equal(Run(bodies[which]).Usage, usage);
        }, iter: 1000);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(5_000)]
    [InlineData(15_000)]
    public void Process_UsageObjectLargerThanTheFirstBuffer_IsStillRead(int padding)
    {
        // The capture buffer starts small and grows: a usage object past its first size, cut into chunks, is still whole.
        var body = $$$"""{"id":"x","usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"pad":"{{{new string('p', padding)}}}"}}""";

        var (output, usage) = Run(body, [5, 40, 300, 700, 4_000, 9_000]);

        Assert.Equal(body, output);
        Assert.Equal(new TokenUsage(7, 3, 0, 0), usage);
    }

    [Fact]
    public void Process_UsageObjectOverTheCap_ReportsNone()
    {
        var body = $$$"""{"usage":{"prompt_tokens":7,"completion_tokens":3,"pad":"{{{new string('p', 17_000)}}}"}}""";

        var (output, usage) = Run(body, [100, 1_000]);

        Assert.Equal(body, output);
        Assert.Null(usage);
    }
}
