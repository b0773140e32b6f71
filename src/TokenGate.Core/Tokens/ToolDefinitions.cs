using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Validates a function definition ({name, description, parameters}) and counts it.</summary>
internal static class ToolDefinitions
{
    public static bool ReadFunction(JsonElement function, string path, BodyReadContext ctx)
    {
        if (function.ValueKind != JsonValueKind.Object)
        {
            return ctx.WrongType(path, "an object", function);
        }

        if (!function.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return nameElement.ValueKind == JsonValueKind.Undefined
                ? ctx.Fail($"Missing required parameter: '{path}.name'.", $"{path}.name")
                : ctx.WrongType($"{path}.name", "a string", nameElement);
        }

        if (!ctx.OptionalString(function, "description", $"{path}.description", out var description))
        {
            return false;
        }

        JsonElement? parameters = null;
        if (!BodyReadContext.Absent(function, "parameters", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object)
            {
                return ctx.WrongType($"{path}.parameters", "an object", p);
            }

            parameters = p;
        }

        ctx.Counter.AddFunction(nameElement.GetString()!, description, parameters);
        return true;
    }
}
