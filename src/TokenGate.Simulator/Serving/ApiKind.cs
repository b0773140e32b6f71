namespace TokenGate.Simulator.Serving;

/// <summary>Which OpenAI operation a route serves.</summary>
internal enum ApiKind
{
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
}
