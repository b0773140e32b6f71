using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Validates and counts a Responses API body: instructions, input (string or items), tools.</summary>
internal static class ResponsesBodyReader
{
    public static bool Read(JsonElement root, BodyReadContext ctx)
    {
        if (!ctx.OptionalString(root, "instructions", "instructions", out var instructions))
        {
            return false;
        }

        if (instructions is not null)
        {
            AddMessage("developer", instructions, ctx);
        }

        if (!BodyReadContext.Absent(root, "input", out var input))
        {
            switch (input.ValueKind)
            {
                case JsonValueKind.String:
                    AddMessage("user", input.GetString(), ctx);
                    break;
                case JsonValueKind.Array:
                    if (!ReadItems(input, ctx))
                    {
                        return false;
                    }

                    break;
                default:
                    return ctx.WrongType("input", "a string or an array of input items", input);
            }
        }

        if (!ReadTools(root, ctx))
        {
            return false;
        }

        ctx.Counter.AddReplyPriming();
        return true;
    }

    private static void AddMessage(string role, string? text, BodyReadContext ctx)
    {
        ctx.Counter.AddMessage();
        ctx.Counter.AddText(role);
        ctx.Counter.AddText(text);
        ctx.AddUserText(text);
    }

    private static bool ReadItems(JsonElement items, BodyReadContext ctx)
    {
        var count = items.GetArrayLength();
        if (count > ctx.MaxItems)
        {
            return ctx.Fail($"Invalid 'input': array too long. Expected an array with maximum length {ctx.MaxItems}, but got an array with length {count} instead.", "input");
        }

        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (!ReadItem(item, $"input[{i}]", ctx))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool ReadItem(JsonElement item, string path, BodyReadContext ctx)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return ctx.WrongType(path, "an object", item);
        }

        if (!ctx.OptionalString(item, "type", $"{path}.type", out var type))
        {
            return false;
        }

        if (type is null or "message" && item.TryGetProperty("role", out _))
        {
            return ReadMessage(item, path, ctx);
        }

        switch (type)
        {
            case "function_call" or "custom_tool_call":
                if (!ctx.OptionalString(item, "name", $"{path}.name", out var name)
                    || !ctx.OptionalString(item, "arguments", $"{path}.arguments", out var arguments))
                {
                    return false;
                }

                ctx.Counter.AddToolCall(name, arguments);
                return true;
            case "function_call_output" or "custom_tool_call_output":
                ctx.Counter.AddMessage();
                if (item.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String)
                {
                    var text = output.GetString();
                    ctx.Counter.AddText(text);
                    ctx.AddUserText(text);
                }
                else if (output.ValueKind != JsonValueKind.Undefined)
                {
                    ctx.Counter.AddRaw(output);
                }

                return true;
            case null:
                return ctx.Fail($"Missing required parameter: '{path}.type'.", $"{path}.type");
            default:
                // Reasoning items, item references, built-in tool calls: no published formula; count their JSON.
                ctx.Counter.AddRaw(item);
                return true;
        }
    }

    private static bool ReadMessage(JsonElement item, string path, BodyReadContext ctx)
    {
        if (!item.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            return ctx.WrongType($"{path}.role", "a string", roleElement);
        }

        var role = roleElement.GetString();
        if (role is not ("user" or "assistant" or "system" or "developer"))
        {
            return ctx.Fail($"Invalid value for '{path}.role': '{role}'. Supported values are: 'user', 'assistant', 'system' and 'developer'.", $"{path}.role");
        }

        var userControlled = role != "assistant";
        ctx.Counter.AddMessage();
        ctx.Counter.AddText(role);
        if (!item.TryGetProperty("content", out var content))
        {
            return ctx.Fail($"Missing required parameter: '{path}.content'.", $"{path}.content");
        }

        return ChatBodyReader.ReadContent(content, $"{path}.content", userControlled, ctx, allowNull: false);
    }

    private static bool ReadTools(JsonElement root, BodyReadContext ctx)
    {
        if (BodyReadContext.Absent(root, "tools", out var tools))
        {
            return true;
        }

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

            // Responses tools are flat: {"type":"function","name","description","parameters"}.
            if (tool.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("function"u8))
            {
                if (!ToolDefinitions.ReadFunction(tool, $"tools[{i}]", ctx))
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

        ctx.Counter.CompleteFunctions();
        return true;
    }
}
