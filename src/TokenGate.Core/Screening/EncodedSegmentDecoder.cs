using System.Buffers;
using System.Text;

namespace TokenGate.Core.Screening;

/// <summary>
/// Finds base64 and hex runs in raw text and decodes those that turn out to be readable text, so
/// an instruction hidden as "aWdub3JlIGFsbCBwcmV2aW91cw==" is screened like the plain one.
/// </summary>
internal static class EncodedSegmentDecoder
{
    private const int MinimumRun = 16;
    private const int MaximumRun = 8192;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Returns the decoded readable segments, or null when there are none.</summary>
    public static List<string>? Decode(string text)
    {
        List<string>? decoded = null;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsBase64Char(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsBase64Char(text[i]))
            {
                i++;
            }

            var end = i;
            while (i < text.Length && text[i] == '=' && i - end < 2)
            {
                i++;
            }

            var run = text.AsSpan(start, i - start);
            if (run.Length < MinimumRun || run.Length > MaximumRun)
            {
                continue;
            }

            var segment = IsHex(text.AsSpan(start, end - start)) ? TryHex(text.AsSpan(start, end - start)) : TryBase64(run);
            if (segment is not null)
            {
                (decoded ??= []).Add(segment);
            }
        }

        return decoded;
    }

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static bool IsHex(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return run.Length % 2 == 0;
    }

    private static string? TryHex(ReadOnlySpan<char> run)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(run.Length / 2);
        try
        {
            var status = Convert.FromHexString(run, bytes, out _, out var written);
            return status == OperationStatus.Done ? Readable(bytes.AsSpan(0, written)) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string? TryBase64(ReadOnlySpan<char> run)
    {
        // Plain words and identifiers are letter runs too: require the mix of cases and digits base64 has.
        var upper = 0;
        var lower = 0;
        foreach (var c in run)
        {
            upper += char.IsAsciiLetterUpper(c) ? 1 : 0;
            lower += char.IsAsciiLetterLower(c) ? 1 : 0;
        }

        if (upper < 3 || lower < 3)
        {
            return null;
        }

        var chars = run;
        var bytes = ArrayPool<byte>.Shared.Rent((run.Length * 3 / 4) + 3);
        var work = ArrayPool<char>.Shared.Rent(run.Length + 3);
        try
        {
            var length = 0;
            foreach (var c in chars)
            {
                work[length++] = c switch { '-' => '+', '_' => '/', _ => c };
            }

            while (length % 4 != 0)
            {
                work[length++] = '=';
            }

            return Convert.TryFromBase64Chars(work.AsSpan(0, length), bytes, out var written) ? Readable(bytes.AsSpan(0, written)) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(work);
        }
    }

    private static string? Readable(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var printable = 0;
        var letters = 0;
        foreach (var c in text)
        {
            printable += !char.IsControl(c) || c is '\n' or '\r' or '\t' ? 1 : 0;
            letters += char.IsLetter(c) || c == ' ' ? 1 : 0;
        }

        return printable == text.Length && letters * 10 >= text.Length * 7 ? text : null;
    }
}
