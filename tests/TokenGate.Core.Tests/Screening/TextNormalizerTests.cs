using CsCheck;
using TokenGate.Core.Screening;

namespace TokenGate.Core.Tests.Screening;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("I G N O R E this", "ignore this")]
    [InlineData("1gn0r3 4ll", "ignore all")]
    [InlineData("ig\u200Bnore", "ignore")]
    [InlineData("іgnоrе", "ignore")]
    [InlineData("ＩＧＮＯＲＥ", "ignore")]
    [InlineData("year 2024   and   more", "year 2024 and more")]
    public void Normalize_FoldsObfuscation(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_IsIdempotentAndNeverLonger()
    {
        Gen.String.Sample(s =>
        {
            var once = TextNormalizer.Normalize(s);
            return once.Length <= Math.Max(s.Length, s.Normalize(System.Text.NormalizationForm.FormKC).Length)
                && TextNormalizer.Normalize(once) == TextNormalizer.Normalize(TextNormalizer.Normalize(once));
        });
    }
}
