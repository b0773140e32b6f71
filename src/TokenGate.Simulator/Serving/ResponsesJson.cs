using System.Text.Json;

namespace TokenGate.Simulator.Serving;

/// <summary>Bodies and stream events of the Responses API (<c>/openai/v1/responses</c>).</summary>
internal static class ResponsesJson
{
    /// <summary>The response object; <paramref name="text"/> is null while in progress (empty output, null usage).</summary>
    public static void Response(Utf8JsonWriter w, Generation g, ReadOnlySpan<byte> text, bool completed)
    {
        w.WriteStartObject();
        w.WriteString("id", g.Id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", g.Created);
        w.WriteString("status", !completed ? "in_progress" : g.Truncated ? "incomplete" : "completed");
        w.WriteNull("error");
        if (completed && g.Truncated)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", "max_output_tokens");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        if (g.Request.MaxTokens is { } max)
        {
            w.WriteNumber("max_output_tokens", max);
        }
        else
        {
            w.WriteNull("max_output_tokens");
        }

        w.WriteString("model", g.Model);
        w.WriteStartArray("output");
        if (completed)
        {
            MessageItem(w, g, text, completed: true);
        }

        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", true);
        w.WriteNull("previous_response_id");
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
        if (completed)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", g.PromptTokens);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", g.CachedTokens);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", g.CompletionTokens);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", g.ReasoningTokens);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", (long)g.PromptTokens + g.CompletionTokens);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }

    public static void MessageItem(Utf8JsonWriter w, Generation g, ReadOnlySpan<byte> text, bool completed)
    {
        w.WriteStartObject();
        w.WriteString("id", MessageId(g));
        w.WriteString("type", "message");
        w.WriteString("status", completed ? "completed" : "in_progress");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (completed)
        {
            Part(w, text);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Part(Utf8JsonWriter w, ReadOnlySpan<byte> text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteString("text", text);
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Starts an event object: <c>{"type":…,"sequence_number":…</c>; the caller adds fields and ends it.</summary>
    public static void BeginEvent(Utf8JsonWriter w, string type, int sequence)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteNumber("sequence_number", sequence);
    }

    /// <summary>Adds <c>item_id</c>, <c>output_index</c> and (for content events) <c>content_index</c>.</summary>
    public static void Position(Utf8JsonWriter w, Generation g, bool content)
    {
        w.WriteString("item_id", MessageId(g));
        w.WriteNumber("output_index", 0);
        if (content)
        {
            w.WriteNumber("content_index", 0);
        }
    }

    public static string MessageId(Generation g) => string.Concat("msg_", g.Id.AsSpan(5));
}
