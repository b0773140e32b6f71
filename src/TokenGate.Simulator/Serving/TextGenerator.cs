using System.Buffers;
using System.Text;

namespace TokenGate.Simulator.Serving;

/// <summary>Deterministic text: token i of choice c is a word picked by a hash of (prompt, seed, c, i); one word = one token.</summary>
internal static class TextGenerator
{
    private static readonly byte[][] Words = BuildWords(leadingSpace: false);
    private static readonly byte[][] SpacedWords = BuildWords(leadingSpace: true);

    /// <summary>Longest UTF-8 length of one token, leading space included.</summary>
    public static readonly int MaxTokenBytes = SpacedWords.Max(w => w.Length);

    public static ulong Seed(ulong promptHash, int seed, int choice) =>
        TextHash.Mix(promptHash ^ ((ulong)(uint)seed << 32) ^ (ulong)(uint)choice);

    /// <summary>Writes tokens [from, from + count) of the sequence <paramref name="seed"/> into <paramref name="destination"/>.</summary>
    public static int Write(ulong seed, int from, int count, Span<byte> destination)
    {
        var written = 0;
        for (var i = from; i < from + count; i++)
        {
            var word = (i == 0 ? Words : SpacedWords)[(int)(TextHash.Mix(seed + (ulong)i) % (ulong)Words.Length)];
            word.CopyTo(destination[written..]);
            written += word.Length;
        }

        return written;
    }

    /// <summary>Rents a buffer large enough for <paramref name="count"/> tokens; return it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static byte[] Rent(int count) => ArrayPool<byte>.Shared.Rent(Math.Max(1, count) * MaxTokenBytes);

    private static byte[][] BuildWords(bool leadingSpace)
    {
        const string Vocabulary =
            "the quick brown fox jumps over lazy dog token gate simulated answer model cloud azure quota limit " +
            "budget stream chunk usage prompt reply deterministic seeded content words follow each other here " +
            "with steady rhythm so tests can count them easily and load runs stay cheap while every response " +
            "looks plausible enough for demos";
        return Vocabulary.Split(' ').Select(w => Encoding.UTF8.GetBytes(leadingSpace ? " " + w : w)).ToArray();
    }
}
