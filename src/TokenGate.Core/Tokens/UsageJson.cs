using System.Text.Json;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Tokens;

/// <summary>Reads a usage object in either dialect: Chat/Completions/Embeddings or the Responses API.</summary>
internal static class UsageJson
{
    /// <summary>Parses <paramref name="usageObject"/> (the bytes of <c>{...}</c>).</summary>
    public static bool TryParse(ReadOnlySpan<byte> usageObject, out TokenUsage usage)
    {
        usage = default;
        try
        {
            var reader = new Utf8JsonReader(usageObject, new JsonReaderOptions { MaxDepth = 16 });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && TryRead(ref reader, out usage);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Finds the first property named <c>usage</c> with an object value in a whole JSON document (an SSE
    /// event: top level for chat chunks, under <c>response</c> for Responses API events).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> json, out TokenUsage usage)
    {
        usage = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth <= 2 && reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        return TryRead(ref reader, out usage);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A malformed event carries no usage we can trust.
        }

        return false;
    }

    /// <summary>Reads the object the reader is positioned on (at its StartObject).</summary>
    private static bool TryRead(ref Utf8JsonReader reader, out TokenUsage usage)
    {
        usage = default;
        long? prompt = null;
        long completion = 0, cached = 0, reasoning = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                prompt = ReadNumber(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                completion = ReadNumber(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                cached = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                reasoning = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (prompt is null)
        {
            return false;
        }

        usage = new TokenUsage(Clamp(prompt.Value), Clamp(completion), Clamp(cached), Clamp(reasoning));
        return true;
    }

    private static long? ReadNumber(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
        {
            return n;
        }

        reader.Skip();
        return null;
    }

    private static long ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        long value = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
                {
                    value = n;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return value;
    }

    private static int Clamp(long n) => (int)Math.Clamp(n, 0, int.MaxValue);
}
