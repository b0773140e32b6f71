using Microsoft.DurableTask.Client;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Admin;

/// <summary>What the admin API uses (LocalQuota: this instance's engine view for immediate block/unblock/reset) when the host registered it; each may be missing (the feature then degrades, documented per route).</summary>
internal sealed record AdminCollaborators(
    IQuotaEngine? Engine,
    Core.Admission.IQuotaSnapshotTarget? LocalQuota,
    IUserQuotaCommands? Commands,
    DurableTaskClient? Entities,
    IncidentReviewService? Incidents,
    ApiKeyCache? KeyCache,
    CallerPolicyCache? PolicyCache,
    FailedAuthenticationLimiter? FailureLimiter,
    GatewayOptions? Gateway,
    IReviewedExampleSource? Examples = null,
    Screening.ScreeningRetrainer? Retrainer = null,
    Screening.LiveScreeningModel? LiveModel = null);
