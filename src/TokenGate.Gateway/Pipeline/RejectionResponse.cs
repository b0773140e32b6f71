namespace TokenGate.Gateway.Pipeline;

/// <summary>What a quota rejection looks like on the wire: the error plus headers such as retry-after.</summary>
public sealed record RejectionResponse(OpenAIError Error, IReadOnlyList<KeyValuePair<string, string>> Headers);
