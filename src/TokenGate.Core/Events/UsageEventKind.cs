namespace TokenGate.Core.Events;

/// <summary>What a usage event records.</summary>
public enum UsageEventKind
{
    /// <summary>A call that was admitted, forwarded and settled.</summary>
    Completed,
    /// <summary>A call refused before forwarding (limits, budget, block, screening).</summary>
    Rejected,
    /// <summary>A call whose credentials were missing or wrong.</summary>
    AuthenticationFailed,
    /// <summary>Marker published by the monthly timer into every partition.</summary>
    PeriodClosed,
}
