using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Proxy;

/// <summary>What happened upstream: outcome, status, the tap that saw the body, and timings.</summary>
public sealed record ForwardResult(
    ForwardOutcome Outcome,
    int UpstreamStatus,
    ResponseUsageTap? Tap,
    bool Streamed,
    TimeSpan? TimeToFirstByte,
    TimeSpan UpstreamDuration);
