namespace TokenGate.Core.Tokens;

/// <summary>What the pipeline needs to know about a request body, read once.</summary>
public sealed record RequestFacts
{
    public required EndpointKind Kind { get; init; }
    /// <summary>The body's <c>model</c> field, if any.</summary>
    public string? Model { get; init; }
    /// <summary>max_tokens / max_completion_tokens / max_output_tokens as sent; null when absent.</summary>
    public int? MaxOutputTokens { get; init; }
    /// <summary>The body's <c>n</c>, 1 when absent.</summary>
    public int Choices { get; init; } = 1;
    public bool Stream { get; init; }
    /// <summary>The client itself asked for <c>stream_options.include_usage</c>.</summary>
    public bool ClientRequestedStreamUsage { get; init; }
    /// <summary>User-controlled text for screening (message contents, prompt, input), in order.</summary>
    public required IReadOnlyList<string> UserTexts { get; init; }
    /// <summary>Estimated prompt tokens with the model's tokenizer (chat overhead, tools, images included).</summary>
    public int PromptTokens { get; init; }
    /// <summary>True when the model was unknown and a fallback tokenizer was used.</summary>
    public bool PromptTokensApproximate { get; init; }

    /// <summary>Which field carried <see cref="MaxOutputTokens"/> (<c>max_tokens</c>, <c>max_completion_tokens</c>, <c>max_output_tokens</c>); null when absent.</summary>
    public string? MaxOutputTokensField { get; init; }

    /// <summary>The model whose tokenizer counted <see cref="PromptTokens"/> (body or hint, per <see cref="RequestReadOptions.BodyModelWins"/>).</summary>
    public string? CountedModel { get; init; }

    /// <summary>The tiktoken encoding used (<c>o200k_base</c> or <c>cl100k_base</c>).</summary>
    public string Encoding { get; init; } = ModelTokenizers.O200kBase;

    /// <summary>
    /// How many outputs of up to <see cref="MaxOutputTokens"/> the call can produce: <c>n</c> for chat;
    /// prompts × max(<c>n</c>, <c>best_of</c>) for completions; 1 for responses; 0 for embeddings.
    /// </summary>
    public int OutputMultiplier { get; init; } = 1;

    /// <summary>
    /// Output tokens to reserve: (<see cref="MaxOutputTokens"/>, or the configured default when absent)
    /// × <see cref="OutputMultiplier"/>, saturating at <see cref="int.MaxValue"/>. Apply a plan cap with <see cref="ReservedOutputTokensCapped"/>.
    /// </summary>
    public int ReservedOutputTokens { get; init; }

    /// <summary>
    /// The output reservation when the plan caps output per request at <paramref name="capPerOutput"/>
    /// (null = no cap), matching what <see cref="RequestRewriter"/> sends upstream: the client's maximum
    /// clamped to the cap, or the cap itself when the client sent none, else <paramref name="defaultOutputTokens"/>.
    /// </summary>
    public int ReservedOutputTokensCapped(int? capPerOutput, int defaultOutputTokens)
    {
        var perOutput = (long)(MaxOutputTokens ?? capPerOutput ?? defaultOutputTokens);
        if (capPerOutput is { } cap && perOutput > cap)
        {
            perOutput = cap;
        }

        return (int)Math.Min(int.MaxValue, perOutput * OutputMultiplier);
    }
}
