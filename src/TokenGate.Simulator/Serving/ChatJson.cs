using System.Buffers;
using System.Text.Json;

namespace TokenGate.Simulator.Serving;

/// <summary>Bodies and stream chunks of chat completions and legacy completions, shaped like Azure OpenAI's.</summary>
internal static class ChatJson
{
    public const string Fingerprint = "fp_tokengate_sim";

    public static void Body(Utf8JsonWriter w, Generation g, bool chat)
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        var text = TextGenerator.Rent(g.VisibleTokens);
        try
        {
            for (var c = 0; c < g.Choices; c++)
            {
                var length = TextGenerator.Write(g.ChoiceSeed(c), 0, g.VisibleTokens, text);
                w.WriteStartObject();
                w.WriteString("finish_reason", g.FinishReason);
                w.WriteNumber("index", c);
                w.WriteNull("logprobs");
                if (chat)
                {
                    w.WriteStartObject("message");
                    w.WriteStartArray("annotations");
                    w.WriteEndArray();
                    w.WriteString("content", text.AsSpan(0, length));
                    w.WriteNull("refusal");
                    w.WriteString("role", "assistant");
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteString("text", text.AsSpan(0, length));
                }

                w.WriteEndObject();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }

        w.WriteEndArray();
        Header(w, g, chat ? "chat.completion" : "text_completion");
        w.WritePropertyName("usage");
        Usage(w, g.PromptTokens, g.CompletionTokens, g.CachedTokens, g.Choices * g.ReasoningTokens);
        w.WriteEndObject();
    }

    /// <summary>Azure's first chat chunk: empty choices and the prompt's content filter results.</summary>
    public static void PromptFilterChunk(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteEndArray();
        w.WriteNumber("created", 0);
        w.WriteString("id", "");
        w.WriteString("model", "");
        w.WriteString("object", "");
        w.WriteStartArray("prompt_filter_results");
        w.WriteStartObject();
        w.WriteNumber("prompt_index", 0);
        w.WriteStartObject("content_filter_results");
        foreach (var category in (ReadOnlySpan<string>)["hate", "self_harm", "sexual", "violence"])
        {
            w.WriteStartObject(category);
            w.WriteBoolean("filtered", false);
            w.WriteString("severity", "safe");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A chunk with one choice: the role (chat, first), content tokens, or the finish reason.</summary>
    public static void Chunk(Utf8JsonWriter w, Generation g, bool chat, int choice, ReadOnlySpan<byte> content, bool role, string? finishReason)
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteStartObject();
        if (chat)
        {
            w.WriteStartObject("delta");
            if (role)
            {
                w.WriteString("content", ""u8);
                w.WriteNull("refusal");
                w.WriteString("role", "assistant"u8);
            }
            else if (finishReason is null)
            {
                w.WriteString("content", content);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteString("text", content);
        }

        w.WriteString("finish_reason", finishReason);
        w.WriteNumber("index", choice);
        w.WriteNull("logprobs");
        w.WriteEndObject();
        w.WriteEndArray();
        Header(w, g, chat ? "chat.completion.chunk" : "text_completion");
        if (g.Request.IncludeUsage)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }

    /// <summary>The last chunk when <c>stream_options.include_usage</c> is set: no choices, the usage of the whole call.</summary>
    public static void UsageChunk(Utf8JsonWriter w, Generation g, bool chat)
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteEndArray();
        Header(w, g, chat ? "chat.completion.chunk" : "text_completion");
        w.WritePropertyName("usage");
        Usage(w, g.PromptTokens, g.CompletionTokens, g.CachedTokens, g.Choices * g.ReasoningTokens);
        w.WriteEndObject();
    }

    public static void Usage(Utf8JsonWriter w, int prompt, int completion, int cached, int reasoning)
    {
        w.WriteStartObject();
        w.WriteNumber("completion_tokens", completion);
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("reasoning_tokens", reasoning);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("cached_tokens", cached);
        w.WriteEndObject();
        w.WriteNumber("total_tokens", (long)prompt + completion);
        w.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter w, Generation g, string objectName)
    {
        w.WriteNumber("created", g.Created);
        w.WriteString("id", g.Id);
        w.WriteString("model", g.Model);
        w.WriteString("object", objectName);
        w.WriteString("system_fingerprint", Fingerprint);
    }
}
