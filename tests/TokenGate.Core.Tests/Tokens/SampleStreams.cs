using System.Text;

namespace TokenGate.Core.Tests.Tokens;

/// <summary>Event streams shaped like the ones OpenAI and Azure OpenAI send.</summary>
internal static class SampleStreams
{
    public const string UsageChunk =
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}}""";

    public static readonly string[] ChatWords = ["Hello", " there", "!", " How", " can", " I", " help", " you", " today", "?"];

    /// <summary>Chat chunk events (each "data: ...") in order, optionally with the usage chunk.</summary>
    public static List<string> ChatEvents(bool withUsage, bool azurePromptFilter = false)
    {
        var events = new List<string>();
        if (azurePromptFilter)
        {
            events.Add("""{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}""");
        }

        var usageNull = withUsage ? ",\"usage\":null" : string.Empty;
        events.Add($$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null}]{{usageNull}}}""");
        foreach (var word in ChatWords)
        {
            events.Add($$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"{{word}}"},"finish_reason":null}]{{usageNull}}}""");
        }

        events.Add($$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]{{usageNull}}}""");
        if (withUsage)
        {
            events.Add(UsageChunk);
        }

        return events;
    }

    public static string Sse(IEnumerable<string> events, string newline = "\n", bool done = true)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append("data: ").Append(e).Append(newline).Append(newline);
        }

        if (done)
        {
            sb.Append("data: [DONE]").Append(newline).Append(newline);
        }

        return sb.ToString();
    }

    public static string ResponsesStream()
    {
        var sb = new StringBuilder();
        void Event(string type, string data) => sb.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data).Append("\n\n");
        Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","usage":null}}""");
        Event("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}""");
        Event("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there"}""");
        Event("response.output_text.done", """{"type":"response.output_text.done","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there"}""");
        Event("response.completed", """{"type":"response.completed","sequence_number":4,"response":{"id":"resp_1","object":"response","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hi there"}]}],"usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":8},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":123}}}""");
        return sb.ToString();
    }
}
