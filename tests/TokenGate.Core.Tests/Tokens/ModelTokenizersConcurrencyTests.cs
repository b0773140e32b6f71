using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class ModelTokenizersConcurrencyTests
{
    [Fact]
    public void Count_FromManyThreads_GivesTheSameAnswerAsOneThread()
    {
        var texts = Enumerable.Range(0, 64).Select(i => string.Join(' ', Enumerable.Repeat($"word{i} café 日本語", i + 1))).ToArray();
        var tokenizer = ModelTokenizers.ForModel("gpt-4o");
        var expected = texts.Select(t => tokenizer.Count(t)).ToArray();
        var actual = new int[texts.Length];

        Parallel.For(0, texts.Length * 8, i => actual[i % texts.Length] = ModelTokenizers.ForModel("gpt-4o").Count(texts[i % texts.Length]));

        Assert.Equal(expected, actual);
    }
}
