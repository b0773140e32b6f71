using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace TokenGate.Core.Screening;

/// <summary>
/// A 64-bit SimHash of a prompt's normalised word shingles: near-duplicate prompts land a few
/// bits apart, so prompt-variation floods can be found without keeping any prompt text.
/// </summary>
public static class PromptFingerprint
{
    /// <summary>SimHash over word 3-shingles of the lower-cased, whitespace-folded texts.</summary>
    public static ulong SimHash(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Span<int> weights = stackalloc int[64];
        var words = new List<string>();
        foreach (var text in texts)
        {
            foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(word.ToLower(CultureInfo.InvariantCulture));
            }
        }

        if (words.Count == 0)
        {
            return 0;
        }

        var shingleSize = Math.Min(3, words.Count);
        var builder = new StringBuilder();
        for (var i = 0; i + shingleSize <= words.Count; i++)
        {
            builder.Clear();
            for (var j = 0; j < shingleSize; j++)
            {
                builder.Append(words[i + j]).Append(' ');
            }

            var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(builder.ToString()));
            for (var bit = 0; bit < 64; bit++)
            {
                weights[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
            }
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
