namespace TokenGate.Gateway.Storage;

/// <summary>One user's usage in one budget period: the chargeback ledger row.</summary>
public sealed record UsageRecord
{
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    /// <summary>The period's name as the caller defines it, e.g. <c>2026-11</c>.</summary>
    public required string Period { get; init; }
    public long PromptTokens { get; init; }
    public long CompletionTokens { get; init; }
    public decimal Cost { get; init; }
    public long Requests { get; init; }
    /// <summary>True once the period was closed for this record.</summary>
    public bool Finalised { get; init; }
    public DateTimeOffset? FinalisedAt { get; init; }
}
