using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Byte offsets of the top-level fields <see cref="RequestRewriter"/> may touch.</summary>
internal readonly record struct BodyMap(
    int RootStart,
    bool RootEmpty,
    (int Start, int End) CapValue,
    (int Start, int End) StreamOptions,
    bool StreamOptionsIsNull,
    bool StreamOptionsEmpty,
    (int Start, int End) IncludeUsage)
{
    public static BodyMap Find(ReadOnlySpan<byte> body, string? capField)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Not an object.");
        }

        var rootStart = (int)reader.TokenStartIndex;
        var rootEmpty = true;
        (int, int) cap = default, streamOptions = default, includeUsage = default;
        bool optionsNull = false, optionsEmpty = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            rootEmpty = false;
            var isCap = capField is not null && reader.ValueTextEquals(capField);
            var isOptions = reader.ValueTextEquals("stream_options"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (isOptions && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    optionsEmpty = false;
                    var isInclude = reader.ValueTextEquals("include_usage"u8);
                    reader.Read();
                    var valueStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (isInclude)
                    {
                        includeUsage = (valueStart, (int)reader.BytesConsumed);
                    }
                }

                streamOptions = (start, (int)reader.BytesConsumed);
                continue;
            }

            reader.Skip();
            if (isCap)
            {
                cap = (start, (int)reader.BytesConsumed);
            }
            else if (isOptions)
            {
                streamOptions = (start, (int)reader.BytesConsumed);
                optionsNull = reader.TokenType == JsonTokenType.Null;
            }
        }

        return new BodyMap(rootStart, rootEmpty, cap, streamOptions, optionsNull, optionsEmpty, includeUsage);
    }
}
