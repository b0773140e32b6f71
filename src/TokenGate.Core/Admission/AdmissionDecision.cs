namespace TokenGate.Core.Admission;

/// <summary>The outcome of <see cref="IQuotaEngine.TryAdmit"/>: a value, never an exception.</summary>
public readonly record struct AdmissionDecision(
    bool IsAdmitted,
    RejectionReason Reason,
    TimeSpan RetryAfter,
    Reservation Reservation,
    QuotaStatus Status)
{
    /// <summary>For <see cref="RejectionReason.Blocked"/>: until when, and why (safe to show the caller).</summary>
    public DateTimeOffset? BlockedUntil { get; init; }
    public string? BlockReason { get; init; }
}
