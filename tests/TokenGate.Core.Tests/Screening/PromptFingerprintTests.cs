using System.Globalization;
using System.IO.Hashing;
using System.Text;
using CsCheck;
using TokenGate.Core.Screening;

namespace TokenGate.Core.Tests.Screening;

public sealed class PromptFingerprintTests
{
    [Fact]
    public void SimHash_IsTheSameAsTheStraightforwardDefinition_OnAnyTexts()
    {
        var texts = Gen.OneOf(Gen.String, Gen.String[Gen.Char["aAbB ÄÉ\t\n\u00a0xyz"], 0, 60]).Array[0, 4];
        texts.Sample(t => SimHash(t) == Reference(t));
    }

    [Fact]
    public void SimHash_OfNearDuplicates_IsClose_AndOfUnrelatedPrompts_IsFar()
    {
        var a = PromptFingerprint.SimHash(["Please summarise the attached quarterly report for the board in five bullet points"]);
        var b = PromptFingerprint.SimHash(["Please summarise the attached quarterly report for the board in six bullet points"]);
        var c = PromptFingerprint.SimHash(["Translate this customer complaint about a late delivery into polite German"]);

        Assert.True(PromptFingerprint.Distance(a, b) < PromptFingerprint.Distance(a, c));
        Assert.Equal(a, PromptFingerprint.SimHash(["PLEASE  summarise the attached quarterly report for the board in five bullet points "]));
    }

    [Fact]
    public void SimHash_WithoutWords_IsZero() =>
        Assert.Equal(0UL, PromptFingerprint.SimHash(["", "  \t "]));

    private static ulong SimHash(string[] texts) => PromptFingerprint.SimHash(texts);

    /// <summary>The definition, written plainly: lower-cased words, 3-shingles each followed by a space, XxHash64, majority per bit.</summary>
    private static ulong Reference(IReadOnlyList<string> texts)
    {
        var words = texts.SelectMany(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(w => w.ToLower(CultureInfo.InvariantCulture)).ToList();
        if (words.Count == 0)
        {
            return 0;
        }

        var size = Math.Min(3, words.Count);
        var weights = new int[64];
        for (var i = 0; i + size <= words.Count; i++)
        {
            var shingle = string.Concat(words.Skip(i).Take(size).Select(w => w + " "));
            var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(shingle));
            for (var bit = 0; bit < 64; bit++)
            {
                weights[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
            }
        }

        return Enumerable.Range(0, 64).Aggregate(0UL, (r, bit) => weights[bit] > 0 ? r | (1UL << bit) : r);
    }
}
