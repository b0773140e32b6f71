namespace TokenGate.Gateway.Storage;

/// <summary>Usage to add to a ledger record (one batch of settled calls).</summary>
public sealed record UsageDelta(long PromptTokens, long CompletionTokens, decimal Cost, long Requests);
