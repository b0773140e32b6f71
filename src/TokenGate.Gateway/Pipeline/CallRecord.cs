using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Pipeline;

/// <summary>What the pipeline learned about one call, turned into its usage event at the end.</summary>
internal sealed class CallRecord
{
    public required string RequestId { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required long StartedTimestamp { get; init; }
    public string? ClientIpHash { get; set; }
    public string? TenantId { get; set; }
    public string? UserId { get; set; }
    public string? KeyId { get; set; }
    public string? Deployment { get; set; }
    public string? Model { get; set; }
    public UsageEventKind Kind { get; set; } = UsageEventKind.Rejected;
    public RejectionReason Rejection { get; set; }
    public string Outcome { get; set; } = "error";
    public TokenUsage Usage { get; set; }
    public bool Streamed { get; set; }
    public TimeSpan? TimeToFirstToken { get; set; }
    public ScreeningResult? Screening { get; set; }
    public ulong PromptSimHash { get; set; }
    public int PromptLength { get; set; }

    public UsageEvent ToEvent(int status, TimeSpan latency) => new()
    {
        Kind = Kind,
        Time = Time,
        RequestId = RequestId,
        TenantId = TenantId,
        UserId = UserId,
        KeyId = KeyId,
        ClientIpHash = ClientIpHash,
        Deployment = Deployment,
        Model = Model,
        Status = status,
        Rejection = Rejection,
        PromptTokens = Usage.PromptTokens,
        CompletionTokens = Usage.CompletionTokens,
        CachedPromptTokens = Usage.CachedPromptTokens,
        ReasoningTokens = Usage.ReasoningTokens,
        TokensEstimated = Usage.IsEstimated,
        LatencyMs = latency.TotalMilliseconds,
        TimeToFirstTokenMs = TimeToFirstToken?.TotalMilliseconds,
        Streamed = Streamed,
        InjectionScore = Screening?.InjectionScore ?? 0,
        ScreeningVerdict = Screening?.Verdict ?? ScreeningVerdict.Allow,
        ScreeningReasons = Screening is { Reasons.Count: > 0 } s ? s.Reasons : null,
        PiiKinds = Screening is { PiiKinds.Count: > 0 } p ? p.PiiKinds : null,
        PromptSimHash = PromptSimHash,
        PromptLength = PromptLength,
    };
}
