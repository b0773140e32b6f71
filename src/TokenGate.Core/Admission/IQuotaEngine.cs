using TokenGate.Core.Plans;

namespace TokenGate.Core.Admission;

/// <summary>
/// The per-process admission authority. Admission is atomic inside the process: concurrent callers
/// for one user never together pass any limit. Never waits on I/O.
/// </summary>
public interface IQuotaEngine
{
    /// <summary>Checks every limit and, if all pass, reserves <c>prompt + maxOutput × n</c> tokens (and their cost).</summary>
    AdmissionDecision TryAdmit(AdmissionRequest request, ResolvedLimits limits);

    /// <summary>Replaces the reservation with what the call really used. A second settle of the same reservation changes nothing.</summary>
    QuotaStatus Settle(Reservation reservation, TokenUsage actual);

    /// <summary>Gives back the whole reservation (the call never reached upstream). Idempotent.</summary>
    void Release(Reservation reservation);

    /// <summary>The user's current status without reserving anything.</summary>
    QuotaStatus GetStatus(string tenantId, string userId, ResolvedLimits limits);
}
