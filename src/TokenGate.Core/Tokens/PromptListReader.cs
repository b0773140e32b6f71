using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Completions' <c>prompt</c> and embeddings' <c>input</c>: a string, an array of strings, an array of
/// token ids, or an array of token-id arrays. Token ids count as one token each.
/// </summary>
internal static class PromptListReader
{
    /// <summary>Reads the field; <paramref name="prompts"/> is how many separate inputs it holds.</summary>
    public static bool Read(JsonElement value, string name, BodyReadContext ctx, out int prompts)
    {
        prompts = 1;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                AddText(value, ctx);
                return true;
            case JsonValueKind.Array:
                break;
            default:
                return ctx.WrongType(name, "a string or an array", value);
        }

        var length = value.GetArrayLength();
        if (length == 0)
        {
            return ctx.Fail($"Invalid '{name}': empty array. Expected an array with minimum length 1, but got an empty array instead.", name);
        }

        if (length > ctx.MaxItems)
        {
            return ctx.Fail($"Invalid '{name}': array too long. Expected an array with maximum length {ctx.MaxItems}, but got an array with length {length} instead.", name);
        }

        var first = value[0].ValueKind;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{name}[{i}]";
            if (item.ValueKind != first && !(first == JsonValueKind.Number && item.ValueKind == JsonValueKind.Number))
            {
                return ctx.Fail($"Invalid '{name}': arrays must hold only strings, only token ids, or only arrays of token ids.", path);
            }

            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    AddText(item, ctx);
                    break;
                case JsonValueKind.Number:
                    if (!IsTokenId(item))
                    {
                        return ctx.Fail($"Invalid '{path}': expected a non-negative integer token id.", path);
                    }

                    ctx.Counter.Add(1);
                    break;
                case JsonValueKind.Array:
                    if (!ReadTokenArray(item, path, ctx))
                    {
                        return false;
                    }

                    break;
                default:
                    return ctx.WrongType(path, "a string, a token id or an array of token ids", item);
            }

            i++;
        }

        prompts = first == JsonValueKind.Number ? 1 : length;
        return true;
    }

    private static void AddText(JsonElement value, BodyReadContext ctx)
    {
        var text = value.GetString();
        ctx.Counter.AddText(text);
        ctx.AddUserText(text);
    }

    private static bool ReadTokenArray(JsonElement array, string path, BodyReadContext ctx)
    {
        foreach (var token in array.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Number || !IsTokenId(token))
            {
                return ctx.Fail($"Invalid '{path}': expected an array of non-negative integer token ids.", path);
            }
        }

        ctx.Counter.Add(array.GetArrayLength());
        return true;
    }

    private static bool IsTokenId(JsonElement number) => number.TryGetInt32(out var id) && id >= 0;
}
