namespace TokenGate.Core.Screening;

/// <summary>
/// Hashed features of normalised text: character 3-, 4- and 5-grams and word 1- and 2-grams, each
/// family scaled by 1/sqrt(count) so long and short prompts are comparable. Signed hashing
/// (the top bit picks +1 or -1) keeps collisions from adding up in one direction.
/// </summary>
public static class PromptFeatures
{
    /// <summary>Number of hash buckets (2^17).</summary>
    public const int BucketBits = 17;
    public const int BucketCount = 1 << BucketBits;
    private const int BucketMask = BucketCount - 1;

    /// <summary>Longer texts are scored on their first and last halves of this many characters.</summary>
    public const int MaxCharacters = 4096;

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;
    private const uint WordSeed = 0x9E3779B9;
    private const uint BigramSeed = 0x85EBCA6B;

    /// <summary>Calls <paramref name="visit"/> with (bucket, value) for every feature occurrence.</summary>
    public static void Visit<TVisitor>(ReadOnlySpan<char> text, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        if (text.Length > MaxCharacters)
        {
            VisitCore(text[..(MaxCharacters / 2)], text[^(MaxCharacters / 2)..], ref visit);
        }
        else
        {
            VisitCore(text, [], ref visit);
        }
    }

    private static void VisitCore<TVisitor>(ReadOnlySpan<char> head, ReadOnlySpan<char> tail, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        var charCount = CountCharGrams(head) + CountCharGrams(tail);
        var wordCount = CountWordGrams(head) + CountWordGrams(tail);
        if (charCount > 0)
        {
            var scale = 1 / MathF.Sqrt(charCount);
            EmitCharGrams(head, scale, ref visit);
            EmitCharGrams(tail, scale, ref visit);
        }

        if (wordCount > 0)
        {
            var scale = 1 / MathF.Sqrt(wordCount);
            EmitWordGrams(head, scale, ref visit);
            EmitWordGrams(tail, scale, ref visit);
        }
    }

    private static int CountCharGrams(ReadOnlySpan<char> text) =>
        Math.Max(0, text.Length - 2) + Math.Max(0, text.Length - 3) + Math.Max(0, text.Length - 4);

    private static void EmitCharGrams<TVisitor>(ReadOnlySpan<char> text, float scale, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            var h = FnvOffset;
            var limit = Math.Min(5, text.Length - i);
            for (var k = 0; k < limit; k++)
            {
                h = (h ^ text[i + k]) * FnvPrime;
                if (k >= 2)
                {
                    Emit(h + (uint)k, scale, ref visit);
                }
            }
        }
    }

    private static int CountWordGrams(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                words++;
            }

            inWord = isWordChar;
        }

        return words == 0 ? 0 : (2 * words) - 1;
    }

    private static void EmitWordGrams<TVisitor>(ReadOnlySpan<char> text, float scale, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        var previous = 0u;
        var havePrevious = false;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var h = FnvOffset ^ WordSeed;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                h = (h ^ text[i]) * FnvPrime;
                i++;
            }

            Emit(h, scale, ref visit);
            if (havePrevious)
            {
                Emit((previous * 31) ^ h ^ BigramSeed, scale, ref visit);
            }

            previous = h;
            havePrevious = true;
        }
    }

    private static void Emit<TVisitor>(uint hash, float scale, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        // Murmur3 finaliser: FNV's low bits alone are poorly mixed.
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        visit.Add((int)(hash & BucketMask), (hash & 0x80000000) != 0 ? -scale : scale);
    }
}
