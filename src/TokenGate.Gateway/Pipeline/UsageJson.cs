using System.Text.Json;
using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Reads a <c>usage</c> object in the chat/completions/embeddings or the responses shape.</summary>
internal static class UsageJson
{
    public static TokenUsage? Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var prompt = Int(usage, "prompt_tokens") ?? Int(usage, "input_tokens");
        if (prompt is null)
        {
            return null;
        }

        var completion = Int(usage, "completion_tokens") ?? Int(usage, "output_tokens") ?? 0;
        var cached = Nested(usage, "prompt_tokens_details", "cached_tokens") ?? Nested(usage, "input_tokens_details", "cached_tokens") ?? 0;
        var reasoning = Nested(usage, "completion_tokens_details", "reasoning_tokens") ?? Nested(usage, "output_tokens_details", "reasoning_tokens") ?? 0;
        return new TokenUsage(prompt.Value, completion, cached, reasoning);
    }

    /// <summary>Finds usage at the top of an object, or under <c>response</c> (responses API stream events).</summary>
    public static TokenUsage? FindIn(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("usage", out var usage) && Read(usage) is { } found)
        {
            return found;
        }

        return root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object && response.TryGetProperty("usage", out var nested)
            ? Read(nested)
            : null;
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static int? Nested(JsonElement e, string outer, string inner) =>
        e.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object ? Int(o, inner) : null;
}
