using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Validates and counts a chat/completions body: messages, content parts, tool calls, tools.</summary>
internal static class ChatBodyReader
{
    public static bool Read(JsonElement root, BodyReadContext ctx)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            return ctx.Fail("Missing required parameter: 'messages'.", "messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return ctx.WrongType("messages", "an array", messages);
        }

        var count = messages.GetArrayLength();
        if (count == 0)
        {
            return ctx.Fail("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages");
        }

        if (count > ctx.MaxItems)
        {
            return ctx.Fail($"Invalid 'messages': array too long. Expected an array with maximum length {ctx.MaxItems}, but got an array with length {count} instead.", "messages");
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (!ReadMessage(message, $"messages[{i}]", ctx))
            {
                return false;
            }

            i++;
        }

        if (!ReadTools(root, ctx))
        {
            return false;
        }

        ctx.Counter.AddReplyPriming();
        return true;
    }

    private static bool ReadMessage(JsonElement message, string path, BodyReadContext ctx)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return ctx.WrongType(path, "an object", message);
        }

        if (!message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            return roleElement.ValueKind == JsonValueKind.Undefined
                ? ctx.Fail($"Missing required parameter: '{path}.role'.", $"{path}.role")
                : ctx.WrongType($"{path}.role", "a string", roleElement);
        }

        var role = roleElement.GetString();
        var userControlled = role is "system" or "developer" or "user" or "tool" or "function";
        if (!userControlled && role != "assistant")
        {
            return ctx.Fail($"Invalid value for '{path}.role': '{role}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.", $"{path}.role");
        }

        var hasContent = message.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null;
        if (!hasContent && role != "assistant" && role != "function")
        {
            return ctx.Fail($"Missing required parameter: '{path}.content'.", $"{path}.content");
        }

        ctx.Counter.AddMessage();
        foreach (var field in message.EnumerateObject())
        {
            var ok = field.Name switch
            {
                "content" => ReadContent(field.Value, $"{path}.content", userControlled, ctx),
                "name" => ReadName(field.Value, $"{path}.name", ctx),
                "tool_calls" => ReadToolCalls(field.Value, $"{path}.tool_calls", ctx),
                "function_call" => ReadFunctionCall(field.Value, $"{path}.function_call", ctx),
                _ => CountOtherString(field.Value, ctx),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool CountOtherString(JsonElement value, BodyReadContext ctx)
    {
        // The cookbook tokenizes every string field of a message (role, tool_call_id, refusal, ...).
        if (value.ValueKind == JsonValueKind.String)
        {
            ctx.Counter.AddText(value.GetString());
        }

        return true;
    }

    private static bool ReadName(JsonElement value, string path, BodyReadContext ctx)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return ctx.WrongType(path, "a string", value);
        }

        ctx.Counter.AddName(value.GetString());
        return true;
    }

    /// <summary>A message's content: a string or an array of content parts (null only where <paramref name="allowNull"/>).</summary>
    internal static bool ReadContent(JsonElement content, string path, bool userControlled, BodyReadContext ctx, bool allowNull = true)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.Null when allowNull:
                return true;
            case JsonValueKind.String:
                var text = content.GetString();
                ctx.Counter.AddText(text);
                if (userControlled)
                {
                    ctx.AddUserText(text);
                }

                return true;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (!ContentParts.Read(part, $"{path}[{i}]", userControlled, ctx))
                    {
                        return false;
                    }

                    i++;
                }

                return true;
            default:
                return ctx.WrongType(path, "a string or an array of content parts", content);
        }
    }

    private static bool ReadToolCalls(JsonElement calls, string path, BodyReadContext ctx)
    {
        if (calls.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (calls.ValueKind != JsonValueKind.Array)
        {
            return ctx.WrongType(path, "an array", calls);
        }

        var i = 0;
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
            {
                return ctx.WrongType($"{path}[{i}]", "an object", call);
            }

            if (call.TryGetProperty("function", out var function))
            {
                if (!ReadFunctionCall(function, $"{path}[{i}].function", ctx))
                {
                    return false;
                }
            }
            else
            {
                ctx.Counter.AddRaw(call);
            }

            i++;
        }

        return true;
    }

    private static bool ReadFunctionCall(JsonElement function, string path, BodyReadContext ctx)
    {
        if (function.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (function.ValueKind != JsonValueKind.Object)
        {
            return ctx.WrongType(path, "an object", function);
        }

        if (!ctx.OptionalString(function, "name", $"{path}.name", out var name)
            || !ctx.OptionalString(function, "arguments", $"{path}.arguments", out var arguments))
        {
            return false;
        }

        ctx.Counter.AddToolCall(name, arguments);
        return true;
    }

    private static bool ReadTools(JsonElement root, BodyReadContext ctx)
    {
        if (!BodyReadContext.Absent(root, "tools", out var tools))
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                return ctx.WrongType("tools", "an array", tools);
            }

            var i = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object)
                {
                    return ctx.WrongType($"tools[{i}]", "an object", tool);
                }

                if (tool.TryGetProperty("function", out var function))
                {
                    if (!ToolDefinitions.ReadFunction(function, $"tools[{i}].function", ctx))
                    {
                        return false;
                    }
                }
                else
                {
                    ctx.Counter.AddRaw(tool);
                }

                i++;
            }
        }

        if (!BodyReadContext.Absent(root, "functions", out var functions))
        {
            if (functions.ValueKind != JsonValueKind.Array)
            {
                return ctx.WrongType("functions", "an array", functions);
            }

            var i = 0;
            foreach (var function in functions.EnumerateArray())
            {
                if (!ToolDefinitions.ReadFunction(function, $"functions[{i}]", ctx))
                {
                    return false;
                }

                i++;
            }
        }

        ctx.Counter.CompleteFunctions();
        return true;
    }
}
