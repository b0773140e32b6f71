namespace TokenGate.Core.Admission;

/// <summary>One rejected admission, kept for the admin "why was I throttled?" report.</summary>
public readonly record struct RejectionRecord(DateTimeOffset At, RejectionReason Reason, TimeSpan RetryAfter);
