using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class ModelTokenizersTests
{
    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-4o-mini-2024-07-18", "o200k_base")]
    [InlineData("GPT-4.1-nano", "o200k_base")]
    [InlineData("o1-preview", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("o4-mini", "o200k_base")]
    [InlineData("gpt-5-chat", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-32k-0613", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-35-turbo", "cl100k_base")]
    [InlineData("gpt-35-turbo-16k", "cl100k_base")]
    [InlineData("gpt-3.5-turbo-0125", "cl100k_base")]
    [InlineData("text-embedding-ada-002", "cl100k_base")]
    [InlineData("text-embedding-3-small", "cl100k_base")]
    [InlineData("text-embedding-3-large", "cl100k_base")]
    [InlineData("ft:gpt-4o-mini-2024-07-18:org::abc", "o200k_base")]
    [InlineData("openai/gpt-4.1", "o200k_base")]
    public void ForModel_KnownFamilies_PickTheirEncoding(string model, string encoding)
    {
        var tokenizer = ModelTokenizers.ForModel(model);

        Assert.Equal(encoding, tokenizer.Encoding);
        Assert.False(tokenizer.IsFallback);
    }

    [Theory]
    [InlineData("llama-3-70b")]
    [InlineData("my-deployment")]
    [InlineData("")]
    [InlineData(null)]
    public void ForModel_UnknownModel_FallsBackToO200kAndSaysSo(string? model)
    {
        var tokenizer = ModelTokenizers.ForModel(model);

        Assert.Equal(ModelTokenizers.O200kBase, tokenizer.Encoding);
        Assert.True(tokenizer.IsFallback);
    }

    [Fact]
    public void ForModel_SameEncoding_SharesOneTokenizerInstance()
    {
        Assert.Same(ModelTokenizers.ForModel("gpt-4o").Tokenizer, ModelTokenizers.ForModel("o3").Tokenizer);
        Assert.Same(ModelTokenizers.ForModel("gpt-4o").Tokenizer, ModelTokenizers.ForModel("unknown").Tokenizer);
        Assert.Same(ModelTokenizers.ForModel("gpt-4").Tokenizer, ModelTokenizers.ForEncoding(ModelTokenizers.Cl100kBase));
    }

    [Theory]
    // OpenAI cookbook "How to count tokens with tiktoken": "tiktoken is great!" is 6 tokens, "2 + 2 = 4" is 7.
    [InlineData("gpt-4", "tiktoken is great!", 6)]
    [InlineData("gpt-4o", "tiktoken is great!", 6)]
    [InlineData("gpt-4", "2 + 2 = 4", 7)]
    [InlineData("gpt-4o", "2 + 2 = 4", 7)]
    public void Count_KnownStrings_MatchTiktoken(string model, string text, int expected)
    {
        Assert.Equal(expected, ModelTokenizers.ForModel(model).Count(text));
    }
}
