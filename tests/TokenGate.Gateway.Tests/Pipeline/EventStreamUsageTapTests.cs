using System.Buffers;
using System.Text;
using CsCheck;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Tests.Pipeline;

public class EventStreamUsageTapTests
{
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello there\"}}]}\n\n";
    private const string UsageChunk = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7,\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n";
    private const string Done = "data: [DONE]\n\n";

    private static string Run(bool strip, byte[] body, IEnumerable<int> cuts, out TokenUsage? usage)
    {
        var tap = new EventStreamUsageTap(strip);
        var output = new ArrayBufferWriter<byte>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < body.Length).Distinct().Order())
        {
            tap.Process(body.AsSpan(start, cut - start), output);
            start = cut;
        }

        tap.Process(body.AsSpan(start), output);
        tap.Complete(output);
        usage = tap.ReportedUsage;
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Process_AtAnyChunkBoundaries_StripsOnlyTheUsageChunkAndFindsUsage()
    {
        var body = Encoding.UTF8.GetBytes(Content + UsageChunk + Done);
        Gen.Int[0, body.Length].Array[0, 8].Sample(cuts =>
        {
            var text = Run(strip: true, body, cuts, out var usage);
            Assert.Equal(Content + Done, text);
            Assert.Equal(new TokenUsage(5, 2, 0, 1), usage);
        });
    }

    [Fact]
    public void Process_WhenClientAskedForUsage_PassesEverythingThrough()
    {
        var body = Encoding.UTF8.GetBytes(Content + UsageChunk + Done);

        Assert.Equal(Content + UsageChunk + Done, Run(strip: false, body, [17, 90], out _));
    }

    [Fact]
    public void EstimatedCompletionTokens_GrowsWithStreamedContent()
    {
        var tap = new EventStreamUsageTap(true);
        var output = new ArrayBufferWriter<byte>();
        tap.Process(Encoding.UTF8.GetBytes(Content + Content), output);

        Assert.Null(tap.ReportedUsage);
        Assert.Equal(("Hello there".Length * 2 + 3) / 4, tap.EstimatedCompletionTokens);
    }
}
