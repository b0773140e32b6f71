using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Review;

/// <summary>One screened prompt waiting for the writer; the texts are still raw here and redacted before storage.</summary>
internal sealed record ScreeningReviewSample(
    string RequestId,
    string TenantId,
    string UserId,
    string? KeyId,
    string? Model,
    DateTimeOffset Time,
    ScreeningVerdict Verdict,
    double Score,
    IReadOnlyList<string> Reasons,
    string[] Texts);
