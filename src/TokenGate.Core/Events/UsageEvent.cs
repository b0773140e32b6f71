using TokenGate.Core.Admission;

namespace TokenGate.Core.Events;

/// <summary>
/// One usage event, schema version 1 (<see cref="SchemaVersion"/>). Published for every call that
/// reached the pipeline (admitted or rejected) and for failed authentication. Carries no prompt
/// text: a SimHash fingerprint and the length stand in for it. Partition key = <see cref="UserId"/>
/// (or the client-IP hash for unauthenticated calls).
/// </summary>
public sealed record UsageEvent
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required UsageEventKind Kind { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string RequestId { get; init; }
    public string? TenantId { get; init; }
    public string? UserId { get; init; }
    public string? KeyId { get; init; }
    /// <summary>Keyed hash of the client IP (never the IP itself).</summary>
    public string? ClientIpHash { get; init; }
    public string? Deployment { get; init; }
    public string? Model { get; init; }
    /// <summary>HTTP status returned to the client.</summary>
    public int Status { get; init; }
    public RejectionReason Rejection { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public int CachedPromptTokens { get; init; }
    public int ReasoningTokens { get; init; }
    public bool TokensEstimated { get; init; }
    /// <summary>Budget period the usage counted to (e.g. "2026-11"); null when nothing was settled.</summary>
    public string? Period { get; init; }
    /// <summary>Cost of the settled usage at the plan's prices (0 without a price for the model).</summary>
    public decimal Cost { get; init; }
    public double LatencyMs { get; init; }
    public double? TimeToFirstTokenMs { get; init; }
    public bool Streamed { get; init; }
    public double InjectionScore { get; init; }
    public Screening.ScreeningVerdict ScreeningVerdict { get; init; }
    public IReadOnlyList<string>? ScreeningReasons { get; init; }
    public IReadOnlyList<string>? PiiKinds { get; init; }
    /// <summary>64-bit SimHash of the normalised prompt text; near-duplicates have a small Hamming distance.</summary>
    public ulong PromptSimHash { get; init; }
    public int PromptLength { get; init; }
    /// <summary>For <see cref="UsageEventKind.PeriodClosed"/>: the period (yyyy-MM) that closed.</summary>
    public string? ClosedPeriod { get; init; }
}
