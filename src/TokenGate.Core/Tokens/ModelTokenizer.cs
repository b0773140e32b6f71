using Microsoft.ML.Tokenizers;

namespace TokenGate.Core.Tokens;

/// <summary>The tokenizer chosen for a model, and whether the choice is a guess.</summary>
/// <param name="Tokenizer">The shared, thread-safe tokenizer instance.</param>
/// <param name="Encoding">The tiktoken encoding name (<c>o200k_base</c> or <c>cl100k_base</c>).</param>
/// <param name="IsFallback">True when the model was not recognised and <c>o200k_base</c> was assumed.</param>
public sealed record ModelTokenizer(Tokenizer Tokenizer, string Encoding, bool IsFallback)
{
    /// <summary>Tokens this tokenizer gives <paramref name="text"/> (no special-token handling).</summary>
    public int Count(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : Tokenizer.CountTokens(text);

    /// <summary>Tokens for <paramref name="text"/>; 0 for null or empty.</summary>
    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.CountTokens(text);

    /// <summary>Per-function overhead in a tool definition (OpenAI cookbook: 7 for o200k models, 10 for cl100k).</summary>
    internal int FunctionInitTokens => Encoding == ModelTokenizers.Cl100kBase ? 10 : 7;
}
