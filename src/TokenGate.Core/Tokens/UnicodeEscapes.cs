namespace TokenGate.Core.Tokens;

/// <summary>Finds <c>\uXXXX</c> escapes in JSON text that do not make a character: a surrogate without its pair.</summary>
public static class UnicodeEscapes
{
    /// <summary>
    /// True when <paramref name="utf8Json"/> escapes a high surrogate not followed by an escaped low one, or a low
    /// surrogate not preceded by a high one. Works on the raw bytes: only a <c>\u</c> after an even run of backslashes
    /// (<c>\\u</c> is an escaped backslash and a letter) is an escape, and outside strings valid JSON has none, so no
    /// parse is needed. The search is vectorised; bodies without escapes pay only that.
    /// </summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<byte> utf8Json)
    {
        var from = 0;
        while (true)
        {
            var found = utf8Json[from..].IndexOf("\\u"u8);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            from = at + 2;
            if (!IsEscape(utf8Json, at) || !TryReadHex(utf8Json, at + 2, out var unit))
            {
                continue;
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true; // a low surrogate on its own (a paired one is consumed with its high one below)
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var next = at + 6;
                if (next + 1 >= utf8Json.Length || utf8Json[next] != (byte)'\\' || utf8Json[next + 1] != (byte)'u'
                    || !TryReadHex(utf8Json, next + 2, out var low) || low is < 0xDC00 or > 0xDFFF)
                {
                    return true;
                }

                from = next + 6;
            }
        }
    }

    /// <summary>The backslash at <paramref name="at"/> starts an escape when the run of backslashes it ends is odd.</summary>
    private static bool IsEscape(ReadOnlySpan<byte> text, int at)
    {
        var run = 1;
        while (at - run >= 0 && text[at - run] == (byte)'\\')
        {
            run++;
        }

        return run % 2 == 1;
    }

    private static bool TryReadHex(ReadOnlySpan<byte> text, int at, out int unit)
    {
        unit = 0;
        if (at + 4 > text.Length)
        {
            return false;
        }

        for (var k = at; k < at + 4; k++)
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
