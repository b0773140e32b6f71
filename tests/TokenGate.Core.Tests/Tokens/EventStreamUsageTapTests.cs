using System.Buffers;
using System.Text;
using CsCheck;
using TokenGate.Core.Admission;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class EventStreamUsageTapTests
{
    private static (string Output, ResponseUsageTap Tap) Run(string stream, bool strip, IReadOnlyList<int>? cuts = null)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var tap = ResponseUsageTap.ForEventStream("gpt-4o", strip);
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
        return (Encoding.UTF8.GetString(output.WrittenSpan), tap);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Process_ChatStreamWithUsage_PicksUpTheFinalUsageChunk(string newline)
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true), newline);

        var (output, tap) = Run(stream, strip: false);

        Assert.Equal(stream, output);
        Assert.Equal(new TokenUsage(19, 10, 4, 2), tap.ReportedUsage);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Process_StripRequested_RemovesOnlyTheUsageOnlyChunk(string newline)
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true, azurePromptFilter: true), newline);
        var withoutUsage = SampleStreams.ChatEvents(withUsage: true, azurePromptFilter: true);
        withoutUsage.Remove(SampleStreams.UsageChunk);
        var expected = SampleStreams.Sse(withoutUsage, newline);

        var (output, tap) = Run(stream, strip: true);

        Assert.Equal(expected, output);
        Assert.Equal(new TokenUsage(19, 10, 4, 2), tap.ReportedUsage);
    }

    [Fact]
    public void Process_AzurePromptFilterChunk_IsNeverStripped()
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: false, azurePromptFilter: true));

        var (output, tap) = Run(stream, strip: true);

        Assert.Equal(stream, output);
        Assert.Null(tap.ReportedUsage);
    }

    [Fact]
    public void Process_StreamCutWithoutUsage_EstimatesCompletionTokensFromDeltas()
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: false), done: false);

        var (_, tap) = Run(stream, strip: true);

        Assert.Null(tap.ReportedUsage);
        // Ten non-empty content deltas (one token each upstream); the text is 37 bytes (≈ 10 tokens at 4 bytes each).
        Assert.Equal(SampleStreams.ChatWords.Length, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_LongContentDeltas_EstimateByBytes()
    {
        var text = new string('x', 400);
        var stream = SampleStreams.Sse(["{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}"]);

        var (_, tap) = Run(stream, strip: false);

        Assert.Equal(100, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_ToolCallArgumentDeltas_CountTowardTheEstimate()
    {
        var stream = SampleStreams.Sse(
        [
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}""",
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]}}]}""",
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ation\":\"Paris\"}"}}]}}]}""",
        ]);

        var (_, tap) = Run(stream, strip: false);

        // 24 raw bytes as sent (escapes included, which errs high) / 4 = 6; two deltas alone would say 2.
        Assert.Equal(6, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_ResponsesStream_ReadsUsageFromResponseCompleted()
    {
        var stream = SampleStreams.ResponsesStream();

        var (output, tap) = Run(stream, strip: true);

        Assert.Equal(stream, output);
        Assert.Equal(new TokenUsage(36, 87, 8, 64), tap.ReportedUsage);
        Assert.Equal(2, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_ResponsesEventsWithTypeNotFirst_StillCountOnlyDeltas()
    {
        var stream = SampleStreams.Sse(
        [
            """{"sequence_number":1,"type":"response.output_text.delta","delta":"abcdefgh"}""",
            """{"sequence_number":2,"type":"response.output_text.done","text":"abcdefgh"}""",
        ], done: false);

        var (_, tap) = Run(stream, strip: false);

        Assert.Equal(2, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_CompletionsStream_CountsTextAndStripsItsUsageChunk()
    {
        var usage = """{"id":"cmpl-1","object":"text_completion","created":1,"model":"gpt-35-turbo-instruct","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";
        List<string> events =
        [
            """{"id":"cmpl-1","object":"text_completion","created":1,"choices":[{"text":"Hello","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-35-turbo-instruct"}""",
            """{"id":"cmpl-1","object":"text_completion","created":1,"choices":[{"text":" world","index":0,"logprobs":null,"finish_reason":"length"}],"model":"gpt-35-turbo-instruct"}""",
        ];
        var stream = SampleStreams.Sse([.. events, usage]);

        var (output, tap) = Run(stream, strip: true);

        Assert.Equal(SampleStreams.Sse(events), output);
        Assert.Equal(new TokenUsage(5, 3), tap.ReportedUsage);
        Assert.Equal(3, tap.EstimatedCompletionTokens);
    }

    [Fact]
    public void Process_EveryChunkBoundary_GivesIdenticalOutputAndUsage()
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true, azurePromptFilter: true), "\r\n");
        var (expected, whole) = Run(stream, strip: true);
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var (output, tap) = Run(stream, strip: true, [cut]);
            Assert.Equal(expected, output);
            Assert.Equal(whole.ReportedUsage, tap.ReportedUsage);
            Assert.Equal(whole.EstimatedCompletionTokens, tap.EstimatedCompletionTokens);
        }
    }

    [Fact]
    public void Process_RandomChunkBoundaries_GiveIdenticalOutputUsageAndEstimate()
    {
        string[] streams =
        [
            SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true, azurePromptFilter: true)),
            SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true), "\r\n"),
            SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: false), done: false),
            SampleStreams.ResponsesStream(),
        ];
        var gen = Gen.Select(Gen.Int[0, streams.Length - 1], Gen.Int[0, 3000].Array[0, 40], Gen.Bool);
        gen.Sample((which, cuts, strip) =>
        {
            var (expected, whole) = Run(streams[which], strip);
            var (output, tap) = Run(streams[which], strip, cuts);
            Assert.Equal(expected, output);
            Assert.Equal(whole.ReportedUsage, tap.ReportedUsage);
            Assert.Equal(whole.EstimatedCompletionTokens, tap.EstimatedCompletionTokens);
        }, iter: 2000);
    }

    [Fact]
    public void Process_ByteAtATime_PassesEverythingThroughWithoutStrip()
    {
        var stream = SampleStreams.Sse(SampleStreams.ChatEvents(withUsage: true)) + "data: {\"unterminated\": true";

        var (output, tap) = Run(stream, strip: false, [.. Enumerable.Range(0, stream.Length)]);

        Assert.Equal(stream, output);
        Assert.Equal(19, tap.ReportedUsage?.PromptTokens);
    }

    [Fact]
    public void Process_LineLongerThanTheHoldLimit_PassesThroughInPieces()
    {
        var content = new string('y', EventStreamUsageTap.MaxHeldLine + 10);
        var stream = "data: {\"choices\":[{\"delta\":{\"content\":\"" + content + "\"}}]}\n\n" + SampleStreams.Sse([SampleStreams.UsageChunk]);
        var cuts = Enumerable.Range(1, 40).Select(i => i * 30_000).ToArray();

        var (output, tap) = Run(stream, strip: false, cuts);

        Assert.Equal(stream, output);
        Assert.Equal(19, tap.ReportedUsage?.PromptTokens);
    }

    [Fact]
    public void Process_ManySmallChunks_AllocatesNothingPerChunk()
    {
        var events = Enumerable.Range(0, 400).SelectMany(_ => SampleStreams.ChatEvents(withUsage: false)).Append(SampleStreams.UsageChunk);
        var bytes = Encoding.UTF8.GetBytes(SampleStreams.Sse(events));
        var output = new ArrayBufferWriter<byte>(bytes.Length * 2);
        long RunOnce()
        {
            output.ResetWrittenCount();
            var tap = ResponseUsageTap.ForEventStream("gpt-4o", stripUsageOnlyChunk: true);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var at = 0; at < bytes.Length; at += 333)
            {
                tap.Process(bytes.AsSpan(at, Math.Min(333, bytes.Length - at)), output);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            tap.Complete(output);
            Assert.Equal(19, tap.ReportedUsage?.PromptTokens);
            return allocated;
        }

        RunOnce();

        // Later runs reuse the pooled line buffer: hundreds of chunks, no allocation at all. The shared pool may
        // drop its buffers in between (a gen-2 GC of a parallel test trims it), costing one buffer once, not per
        // chunk: so the steady state is the best of three runs.
        Assert.Equal(0, Enumerable.Range(0, 3).Select(_ => RunOnce()).Min());
    }

    [Fact]
    public void Process_NonJsonAndCommentLines_PassThrough()
    {
        const string stream = ": keep-alive\n\nevent: ping\ndata: not json\n\nretry: 1000\n\ndata: {\"usage\":{\"oops\"\n\n";

        var (output, tap) = Run(stream, strip: true);

        Assert.Equal(stream, output);
        Assert.Null(tap.ReportedUsage);
    }
}
