namespace TokenGate.Gateway.Pipeline;

/// <summary>An error in the OpenAI shape <c>{"error":{"message","type","param","code"}}</c> with its HTTP status.</summary>
public sealed record OpenAIError(int Status, string Message, string Type, string? Param, string? Code);
