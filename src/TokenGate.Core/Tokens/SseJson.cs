using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Cheap byte-level questions about one SSE event's JSON payload.</summary>
internal static class SseJson
{
    /// <summary>True when <c>"usage":</c> is followed by an object (not <c>null</c>), anywhere in the payload.</summary>
    public static bool HasUsageObject(ReadOnlySpan<byte> payload)
    {
        // Usage sits at the end of chat chunks: search backwards.
        var rest = payload;
        while (true)
        {
            var at = rest.LastIndexOf("\"usage\":"u8);
            if (at < 0)
            {
                return false;
            }

            var value = rest[(at + 8)..].TrimStart(" \t"u8);
            if (!value.IsEmpty && value[0] == '{')
            {
                return true;
            }

            rest = rest[..at];
        }
    }

    /// <summary>A chat/completions chunk whose <c>choices</c> is an empty array and which carries a usage object.</summary>
    public static bool IsUsageOnlyChunk(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool emptyChoices = false, usageObject = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isChoices = reader.ValueTextEquals("choices"u8);
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isChoices)
                {
                    emptyChoices = reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
                    if (!emptyChoices)
                    {
                        return false;
                    }
                }
                else
                {
                    usageObject |= isUsage && reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                }
            }

            return emptyChoices && usageObject;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
