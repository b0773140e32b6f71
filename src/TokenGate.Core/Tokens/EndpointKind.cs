namespace TokenGate.Core.Tokens;

/// <summary>Which OpenAI operation a request is.</summary>
public enum EndpointKind
{
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
}
