using System.Text.Json;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Where the user-controlled text of each endpoint lives; shared by the simple reader and rewriter so redaction lines up.</summary>
internal static class JsonRequestFields
{
    /// <summary>Visits each user text element in document order; returns an error (message, param) or null.</summary>
    public static (string Message, string Param)? VisitTexts(JsonElement root, EndpointKind kind, Action<JsonElement> visit)
    {
        switch (kind)
        {
            case EndpointKind.ChatCompletions:
                if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
                {
                    return ("'messages' is required and must be an array.", "messages");
                }

                var i = 0;
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind != JsonValueKind.Object)
                    {
                        return ($"'messages[{i}]' must be an object.", $"messages[{i}]");
                    }

                    if (message.TryGetProperty("content", out var content) && VisitContent(content, visit) is false)
                    {
                        return ($"'messages[{i}].content' must be a string or an array of content parts.", $"messages[{i}].content");
                    }

                    i++;
                }

                return null;
            case EndpointKind.Completions:
                return Require(root, "prompt", visit, allowTokens: true);
            case EndpointKind.Embeddings:
                return Require(root, "input", visit, allowTokens: true);
            default:
                if (root.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String)
                {
                    visit(instructions);
                }

                if (!root.TryGetProperty("input", out var input))
                {
                    return ("'input' is required.", "input");
                }

                if (input.ValueKind == JsonValueKind.String)
                {
                    visit(input);
                    return null;
                }

                if (input.ValueKind != JsonValueKind.Array)
                {
                    return ("'input' must be a string or an array.", "input");
                }

                foreach (var item in input.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("content", out var itemContent))
                    {
                        VisitContent(itemContent, visit);
                    }
                }

                return null;
        }
    }

    private static (string, string)? Require(JsonElement root, string name, Action<JsonElement> visit, bool allowTokens)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return ($"'{name}' is required.", name);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            visit(value);
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return ($"'{name}' must be a string or an array.", name);
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                visit(item);
            }
            else if (!(allowTokens && item.ValueKind is JsonValueKind.Number or JsonValueKind.Array))
            {
                return ($"'{name}' must contain strings or token arrays.", name);
            }
        }

        return null;
    }

    private static bool VisitContent(JsonElement content, Action<JsonElement> visit)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                visit(content);
                return true;
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        visit(text);
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
