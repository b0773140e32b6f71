using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>One content part of a chat message or Responses input item: text, image, audio, file.</summary>
internal static class ContentParts
{
    public static bool Read(JsonElement part, string path, bool userControlled, BodyReadContext ctx)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            return ctx.WrongType(path, "an object", part);
        }

        if (!part.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return typeElement.ValueKind == JsonValueKind.Undefined
                ? ctx.Fail($"Missing required parameter: '{path}.type'.", $"{path}.type")
                : ctx.WrongType($"{path}.type", "a string", typeElement);
        }

        switch (typeElement.GetString())
        {
            case "text" or "input_text" or "output_text":
                return ReadText(part, "text", path, userControlled, ctx);
            case "refusal":
                return ReadText(part, "refusal", path, userControlled: false, ctx);
            case "image_url":
                return ReadChatImage(part, path, ctx);
            case "input_image":
                if (!ctx.OptionalString(part, "image_url", $"{path}.image_url", out var url)
                    || !ctx.OptionalString(part, "detail", $"{path}.detail", out var detail))
                {
                    return false;
                }

                ctx.Counter.AddImage(url, detail);
                return true;
            default:
                // Audio and files have no size-based formula we can apply from the body; they are not counted.
                return true;
        }
    }

    private static bool ReadText(JsonElement part, string field, string path, bool userControlled, BodyReadContext ctx)
    {
        if (!part.TryGetProperty(field, out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            return textElement.ValueKind == JsonValueKind.Undefined
                ? ctx.Fail($"Missing required parameter: '{path}.{field}'.", $"{path}.{field}")
                : ctx.WrongType($"{path}.{field}", "a string", textElement);
        }

        var text = textElement.GetString();
        ctx.Counter.AddText(text);
        if (userControlled)
        {
            ctx.AddUserText(text);
        }

        return true;
    }

    private static bool ReadChatImage(JsonElement part, string path, BodyReadContext ctx)
    {
        if (!part.TryGetProperty("image_url", out var image))
        {
            return ctx.Fail($"Missing required parameter: '{path}.image_url'.", $"{path}.image_url");
        }

        switch (image.ValueKind)
        {
            case JsonValueKind.String:
                ctx.Counter.AddImage(image.GetString(), null);
                return true;
            case JsonValueKind.Object:
                if (!ctx.OptionalString(image, "url", $"{path}.image_url.url", out var url)
                    || !ctx.OptionalString(image, "detail", $"{path}.image_url.detail", out var detail))
                {
                    return false;
                }

                ctx.Counter.AddImage(url, detail);
                return true;
            default:
                return ctx.WrongType($"{path}.image_url", "an object", image);
        }
    }
}
