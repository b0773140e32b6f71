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
}
