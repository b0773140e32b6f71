using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace TokenGate.Simulator.Serving;

/// <summary>The Responses API event stream: created, in_progress, item/part added, text deltas, done events, completed.</summary>
internal static class ResponsesStream
{
    public static async Task<int> RunAsync(HttpContext context, Generation g, SimulatorEndpoint endpoint, CancellationToken ct)
    {
        var pipe = context.Response.BodyWriter;
        var seq = 0;
        var text = TextGenerator.Rent(g.VisibleTokens);
        try
        {
            var full = TextGenerator.Write(g.ChoiceSeed(0), 0, g.VisibleTokens, text);
            var w = JsonBuffer.Begin(out var b);
            ResponsesJson.BeginEvent(w, "response.created", seq++);
            w.WritePropertyName("response");
            ResponsesJson.Response(w, g, default, completed: false);
            w.WriteEndObject();
            Sse.Event(pipe, "response.created"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.in_progress", seq++);
            w.WritePropertyName("response");
            ResponsesJson.Response(w, g, default, completed: false);
            w.WriteEndObject();
            Sse.Event(pipe, "response.in_progress"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.output_item.added", seq++);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            ResponsesJson.MessageItem(w, g, default, completed: false);
            w.WriteEndObject();
            Sse.Event(pipe, "response.output_item.added"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.content_part.added", seq++);
            ResponsesJson.Position(w, g, content: true);
            w.WritePropertyName("part");
            ResponsesJson.Part(w, default);
            w.WriteEndObject();
            Sse.Event(pipe, "response.content_part.added"u8, b);
            await pipe.FlushAsync(ct);
            await endpoint.DelayAsync(g.Plan.TimeToFirstToken, ct);

            var cut = g.Plan.Fault == SimulatorFault.Cut;
            var end = cut ? g.VisibleTokens / 2 : g.VisibleTokens;
            var chunk = g.Plan.TokensPerChunk;
            for (var pos = 0; pos < end; pos += chunk)
            {
                var count = Math.Min(chunk, end - pos);
                if (pos > 0)
                {
                    await endpoint.DelayAsync(g.Plan.GenerationTime(count), ct);
                }

                var length = TextGenerator.Write(g.ChoiceSeed(0), pos, count, text);
                w = JsonBuffer.Begin(out b);
                ResponsesJson.BeginEvent(w, "response.output_text.delta", seq++);
                ResponsesJson.Position(w, g, content: true);
                w.WriteString("delta", text.AsSpan(0, length));
                w.WriteEndObject();
                Sse.Event(pipe, "response.output_text.delta"u8, b);
                g.SentTokens += count;
                await pipe.FlushAsync(ct);
            }

            if (cut)
            {
                return g.SentTokens;
            }

            TextGenerator.Write(g.ChoiceSeed(0), 0, g.VisibleTokens, text);
            var all = text.AsSpan(0, full);
            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.output_text.done", seq++);
            ResponsesJson.Position(w, g, content: true);
            w.WriteString("text", all);
            w.WriteEndObject();
            Sse.Event(pipe, "response.output_text.done"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.content_part.done", seq++);
            ResponsesJson.Position(w, g, content: true);
            w.WritePropertyName("part");
            ResponsesJson.Part(w, all);
            w.WriteEndObject();
            Sse.Event(pipe, "response.content_part.done"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.output_item.done", seq++);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            ResponsesJson.MessageItem(w, g, all, completed: true);
            w.WriteEndObject();
            Sse.Event(pipe, "response.output_item.done"u8, b);

            w = JsonBuffer.Begin(out b);
            ResponsesJson.BeginEvent(w, "response.completed", seq);
            w.WritePropertyName("response");
            ResponsesJson.Response(w, g, all, completed: true);
            w.WriteEndObject();
            Sse.Event(pipe, "response.completed"u8, b);
            await pipe.FlushAsync(ct);
            return g.CompletionTokens;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }
}
