using System.IO.Hashing;
using System.Text;

namespace TokenGate.Core.Screening.Training;

/// <summary>
/// Groups near-duplicate texts (estimated Jaccard similarity of word 3-shingles at or above a
/// threshold, by 64-permutation MinHash) so a split never puts one variant in training and its
/// sibling in the test set.
/// </summary>
public static class NearDuplicateGrouper
{
    private const int Permutations = 64;

    /// <summary>Returns a group id per text (the index of the group's first member).</summary>
    public static int[] Group(IReadOnlyList<string> texts, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var signatures = texts.Select(Signature).ToArray();
        var parent = Enumerable.Range(0, texts.Count).ToArray();
        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = i + 1; j < texts.Count; j++)
            {
                if (Similarity(signatures[i], signatures[j]) >= threshold)
                {
                    Union(parent, i, j);
                }
            }
        }

        return Enumerable.Range(0, texts.Count).Select(i => Find(parent, i)).ToArray();
    }

    private static ulong[] Signature(string text)
    {
        var words = TextNormalizer.Normalize(text).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var signature = new ulong[Permutations];
        Array.Fill(signature, ulong.MaxValue);
        if (words.Length == 0)
        {
            return signature;
        }

        var size = Math.Min(3, words.Length);
        for (var i = 0; i + size <= words.Length; i++)
        {
            var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Join(' ', words, i, size)));
            for (var k = 0; k < Permutations; k++)
            {
                var h = Mix(hash ^ ((ulong)k * 0x9E3779B97F4A7C15UL));
                if (h < signature[k])
                {
                    signature[k] = h;
                }
            }
        }

        return signature;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }

    private static double Similarity(ulong[] a, ulong[] b)
    {
        var same = 0;
        for (var k = 0; k < Permutations; k++)
        {
            same += a[k] == b[k] ? 1 : 0;
        }

        return (double)same / Permutations;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
