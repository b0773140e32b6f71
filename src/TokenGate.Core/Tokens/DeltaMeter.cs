using System.Buffers;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Measures generated text in stream events without parsing them: the raw length of each delta
/// string (chat <c>content</c>, tool-call <c>arguments</c>, completions <c>text</c>; Responses
/// <c>delta</c>). Upstream streams about one token per delta, so the estimate is the larger of the
/// delta count and the byte length / 4.
/// </summary>
internal sealed class DeltaMeter
{
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);

    public long ContentBytes { get; private set; }

    public int Deltas { get; private set; }

    public int EstimatedTokens => (int)Math.Min(int.MaxValue, Math.Max(Deltas, (ContentBytes + 3) / 4));

    public void Measure(ReadOnlySpan<byte> payload)
    {
        var delta = payload.IndexOf("\"delta\":"u8);
        if (delta < 0)
        {
            // Responses *.done events repeat text already counted; completions chunks carry "text".
            if (payload.IndexOf("\"type\":\"response."u8) < 0)
            {
                MeasureField(payload, "\"text\":"u8);
            }

            return;
        }

        // Responses deltas are strings ("delta":"..."); chat deltas are objects holding content or tool-call arguments.
        var rest = payload[delta..];
        if (MeasureField(rest, "\"delta\":"u8))
        {
            return;
        }

        rest = rest[8..];
        if (!MeasureField(rest, "\"content\":"u8))
        {
            MeasureField(rest, "\"arguments\":"u8);
        }
    }

    /// <summary>Adds every non-empty string value of <paramref name="key"/>; true when any was found.</summary>
    private bool MeasureField(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> key)
    {
        var found = false;
        var rest = payload;
        while (true)
        {
            var at = rest.IndexOf(key);
            if (at < 0)
            {
                return found;
            }

            rest = rest[(at + key.Length)..].TrimStart(" \t"u8);
            if (rest.IsEmpty || rest[0] != '"')
            {
                continue;
            }

            rest = rest[1..];
            var length = StringLength(rest);
            if (length < 0)
            {
                return found;
            }

            if (length > 0)
            {
                ContentBytes += length;
                Deltas++;
                found = true;
            }

            rest = rest[(length + 1)..];
        }
    }

    /// <summary>Raw bytes up to the closing quote (escapes count as written), or -1 if unterminated.</summary>
    private static int StringLength(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (true)
        {
            var next = s[i..].IndexOfAny(StringStops);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (s[i] == '"')
            {
                return i;
            }

            i += 2;
            if (i > s.Length)
            {
                return -1;
            }
        }
    }
}
