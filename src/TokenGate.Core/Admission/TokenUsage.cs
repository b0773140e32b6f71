namespace TokenGate.Core.Admission;

/// <summary>
/// What a call really used. <see cref="IsEstimated"/> is true when upstream gave no usage
/// (a cut stream, an error) and the figures were estimated.
/// </summary>
public readonly record struct TokenUsage(
    int PromptTokens,
    int CompletionTokens,
    int CachedPromptTokens = 0,
    int ReasoningTokens = 0,
    bool IsEstimated = false)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
