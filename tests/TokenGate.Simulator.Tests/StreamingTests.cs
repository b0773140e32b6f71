using System.Text;
using System.Text.Json;
using CsCheck;

namespace TokenGate.Simulator.Tests;

/// <summary>SSE streams over raw HTTP: chunk order and shape, usage parity with non-streaming answers.</summary>
public sealed class StreamingTests : SimulatorTestBase
{
    private const string ChatPath = "openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";

    [Fact]
    public async Task ChatStream_WithIncludeUsage_SendsFilterRoleContentFinishUsageThenDone()
    {
        using var response = await PostAsync(ChatPath, Chat("hi", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
            (SimulatorHeaders.CompletionTokens, "5"), (SimulatorHeaders.TokensPerChunk, "2"));
        var data = SseData(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(0, chunks[0].GetProperty("choices").GetArrayLength());
        Assert.True(chunks[0].TryGetProperty("prompt_filter_results", out _));
        Assert.Equal("assistant", chunks[1].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var content = chunks.Skip(2).Take(3).Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()).ToList();
        Assert.Equal(5, string.Concat(content).Split(' ').Length);
        var finish = chunks[5].GetProperty("choices")[0];
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, chunks[5].GetProperty("usage").ValueKind);
        var last = chunks[6];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal("chat.completion.chunk", last.GetProperty("object").GetString());
        Assert.Equal(5, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(7, chunks.Count);
    }

    [Fact]
    public async Task ChatStream_WithoutIncludeUsage_HasNoUsageChunk()
    {
        using var response = await PostAsync(ChatPath, Chat("hi", ",\"stream\":true"), (SimulatorHeaders.CompletionTokens, "3"));
        var data = SseData(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", data[^1]);
        Assert.DoesNotContain(data, d => d.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal(1 + 1 + 3 + 1, data.Count - 1);
    }

    [Fact]
    public void StreamAndNonStream_ForAnyPromptAndLimits_ReportSameUsageAndContent()
    {
        Gen.Select(Gen.String, Gen.Int[0, 40], Gen.Int[1, 3], Gen.Int[1, 4])
            .Sample((prompt, max, n, perChunk) => Check(prompt, max, n, perChunk).GetAwaiter().GetResult(), iter: 40);

        async Task Check(string prompt, int max, int n, int perChunk)
        {
            var extra = $",\"n\":{n},\"max_tokens\":{max}";
            using var whole = await PostAsync(ChatPath, Chat(prompt, extra));
            var json = await JsonAsync(whole);
            using var streamed = await PostAsync(ChatPath, Chat(prompt, extra + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                (SimulatorHeaders.TokensPerChunk, perChunk.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var chunks = SseData(await streamed.Content.ReadAsStringAsync())[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();

            Assert.Equal(json.GetProperty("usage").ToString(), chunks[^1].GetProperty("usage").ToString());
            for (var c = 0; c < n; c++)
            {
                var text = new StringBuilder();
                foreach (var chunk in chunks.Where(k => k.GetProperty("choices").GetArrayLength() == 1))
                {
                    var choice = chunk.GetProperty("choices")[0];
                    if (choice.GetProperty("index").GetInt32() == c && choice.GetProperty("delta").TryGetProperty("content", out var part))
                    {
                        text.Append(part.GetString());
                    }
                }

                Assert.Equal(json.GetProperty("choices")[c].GetProperty("message").GetProperty("content").GetString(), text.ToString());
            }
        }
    }

    [Fact]
    public async Task ResponsesStream_SendsLifecycleEventsAndCompletedUsage()
    {
        using var response = await PostAsync("openai/v1/responses", """{"model":"gpt-4.1","input":[{"role":"user","content":"Say hello"}],"stream":true}""",
            (SimulatorHeaders.CompletionTokens, "4"));
        var body = await response.Content.ReadAsStringAsync();
        var events = SseData(body).Select(d => JsonDocument.Parse(d).RootElement).ToList();

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
             "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
             "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.GetProperty("sequence_number").GetInt32()));
        Assert.Contains("event: response.completed\ndata: ", body, StringComparison.Ordinal);
        var deltas = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "response.output_text.delta").Select(e => e.GetProperty("delta").GetString()));
        Assert.Equal(deltas, events[8].GetProperty("text").GetString());
        var usage = events[^1].GetProperty("response").GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(4, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal("completed", events[^1].GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task CompletionsStream_WithIncludeUsage_EndsWithUsageChunkAndDone()
    {
        using var response = await PostAsync("openai/deployments/davinci/completions", """{"prompt":"Once","stream":true,"stream_options":{"include_usage":true},"max_tokens":3}""");
        var data = SseData(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", data[^1]);
        var last = JsonDocument.Parse(data[^2]).RootElement;
        Assert.Equal(3, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("text_completion", last.GetProperty("object").GetString());
        Assert.Equal(3 + 1 + 1, data.Count - 1);
    }
}
