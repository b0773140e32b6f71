using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>State of one body read: the running token count, user texts, and the first client error.</summary>
internal sealed class BodyReadContext(PromptTokenCounter counter, int maxItems)
{
    public PromptTokenCounter Counter { get; } = counter;

    public List<string> UserTexts { get; } = [];

    public int MaxItems { get; } = maxItems;

    public string? ErrorMessage { get; private set; }

    public string? ErrorParam { get; private set; }

    public bool Fail(string message, string? param)
    {
        ErrorMessage ??= message;
        ErrorParam ??= param;
        return false;
    }

    public bool WrongType(string param, string expected, JsonElement got) =>
        Fail($"Invalid type for '{param}': expected {expected}, but got {Describe(got)} instead.", param);

    public void AddUserText(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            UserTexts.Add(text);
        }
    }

    /// <summary>An optional field: absent and null both mean "not sent".</summary>
    public static bool Absent(JsonElement root, string name, out JsonElement value) =>
        !root.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null;

    public bool OptionalString(JsonElement obj, string name, string param, out string? value)
    {
        value = null;
        if (Absent(obj, name, out var e))
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            return WrongType(param, "a string", e);
        }

        value = e.GetString();
        return true;
    }

    public bool OptionalBool(JsonElement obj, string name, out bool? value)
    {
        value = null;
        if (Absent(obj, name, out var e))
        {
            return true;
        }

        if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return WrongType(name, "a boolean", e);
        }

        value = e.GetBoolean();
        return true;
    }

    public bool OptionalInt(JsonElement obj, string name, int min, int max, out int? value)
    {
        value = null;
        if (Absent(obj, name, out var e))
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.Number)
        {
            return WrongType(name, "an integer", e);
        }

        if (!e.TryGetInt64(out var n))
        {
            return e.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 1e18 && d != Math.Floor(d)
                ? WrongType(name, "an integer", e)
                : Fail($"Invalid '{name}': expected an integer between {min} and {max}.", name);
        }

        if (n < min)
        {
            return Fail($"Invalid '{name}': integer below minimum value. Expected a value >= {min}, but got {n} instead.", name);
        }

        if (n > max)
        {
            return Fail($"Invalid '{name}': integer above maximum value. Expected a value <= {max}, but got {n} instead.", name);
        }

        value = (int)n;
        return true;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
