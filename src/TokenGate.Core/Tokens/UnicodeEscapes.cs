using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>Finds <c>\uXXXX</c> escapes in JSON strings that do not make a character: a surrogate without its pair.</summary>
public static class UnicodeEscapes
{
    /// <summary>
    /// True when a string or property name in <paramref name="utf8Json"/> escapes a high surrogate not followed by an
    /// escaped low one, or a low surrogate not preceded by a high one. Malformed JSON answers false: the parser reports it.
    /// </summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && HasUnpairedSurrogateEscape(reader.ValueSpan))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Scans the raw (still escaped) text of one JSON string.</summary>
    public static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> escaped)
    {
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'\\')
            {
                continue;
            }

            if (!TryReadUnicodeEscape(escaped, i, out var unit))
            {
                i++; // a two-character escape such as \\ or \": its second character is not the start of another
                continue;
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true; // a low surrogate with no high one before it (a paired low one is skipped below)
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (!TryReadUnicodeEscape(escaped, i + 6, out var low) || low is < 0xDC00 or > 0xDFFF)
                {
                    return true;
                }

                i += 6;
            }

            i += 5;
        }

        return false;
    }

    private static bool TryReadUnicodeEscape(ReadOnlySpan<byte> text, int at, out int unit)
    {
        unit = 0;
        if (at + 6 > text.Length || text[at] != (byte)'\\' || text[at + 1] != (byte)'u')
        {
            return false;
        }

        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = text[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => text[k] - '0',
                >= (byte)'a' and <= (byte)'f' => text[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => text[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            unit = (unit * 16) + digit;
        }

        return true;
    }
}
