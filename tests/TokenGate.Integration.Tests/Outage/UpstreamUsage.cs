namespace TokenGate.Integration.Tests.Outage;

/// <summary>What the upstream returned for one user: token sums and calls answered.</summary>
public sealed record UpstreamUsage(long PromptTokens, long CompletionTokens, int Calls)
{
    public long TotalTokens => PromptTokens + CompletionTokens;
}
