using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace TokenGate.Core.Screening;

/// <summary>
/// A 64-bit SimHash of a prompt's normalised word shingles: near-duplicate prompts land a few
/// bits apart, so prompt-variation floods can be found without keeping any prompt text.
/// </summary>
public static class PromptFingerprint
{
    /// <summary>SimHash over word 3-shingles (each word followed by one space) of the lower-cased, whitespace-split texts.</summary>
    public static ulong SimHash(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return 0;
        }

        // Runs on every request: the words are ranges into lower-cased copies, shingles are built in pooled buffers.
        var lowered = new string[texts.Count];
        var words = new List<(int Text, int Start, int Length)>();
        for (var t = 0; t < texts.Count; t++)
        {
            var text = lowered[t] = texts[t].ToLowerInvariant();
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var boundary = i == text.Length || char.IsWhiteSpace(text[i]);
                if (boundary && start >= 0)
                {
                    words.Add((t, start, i - start));
                    start = -1;
                }
                else if (!boundary && start < 0)
                {
                    start = i;
                }
            }
        }

        if (words.Count == 0)
        {
            return 0;
        }

        Span<int> weights = stackalloc int[64];
        var shingleSize = Math.Min(3, words.Count);
        var chars = ArrayPool<char>.Shared.Rent(256);
        var bytes = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            for (var i = 0; i + shingleSize <= words.Count; i++)
            {
                var length = 0;
                for (var j = 0; j < shingleSize; j++)
                {
                    length += words[i + j].Length + 1;
                }

                if (length > chars.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(length);
                }

                var written = 0;
                for (var j = 0; j < shingleSize; j++)
                {
                    var (text, start, count) = words[i + j];
                    lowered[text].AsSpan(start, count).CopyTo(chars.AsSpan(written));
                    written += count;
                    chars[written++] = ' ';
                }

                var byteCount = Encoding.UTF8.GetMaxByteCount(written);
                if (byteCount > bytes.Length)
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                    bytes = ArrayPool<byte>.Shared.Rent(byteCount);
                }

                var encoded = Encoding.UTF8.GetBytes(chars.AsSpan(0, written), bytes);
                var hash = XxHash64.HashToUInt64(bytes.AsSpan(0, encoded));
                for (var bit = 0; bit < 64; bit++)
                {
                    weights[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }

        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
            {
                result |= 1UL << bit;
            }
        }

        return result;
    }

    /// <summary>Number of differing bits between two fingerprints.</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}
