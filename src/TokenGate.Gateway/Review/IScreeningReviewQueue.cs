using TokenGate.Core.Screening;
using TokenGate.Gateway.Identity;

namespace TokenGate.Gateway.Review;

/// <summary>
/// The pipeline's one hand-off to human review: a prompt the inline screener flagged or blocked on
/// injection grounds is queued for a review incident. Never waits and never throws on the hot path.
/// </summary>
public interface IScreeningReviewQueue
{
    /// <summary>
    /// Queues <paramref name="userTexts"/> for review when <paramref name="screening"/> flagged or blocked it on
    /// injection grounds and the tenant's <paramref name="policy"/> keeps samples; returns whether it was queued.
    /// </summary>
    bool Offer(string requestId, CallerIdentity caller, string? model, DateTimeOffset time, ScreeningResult screening, ScreeningPolicy policy, IReadOnlyList<string> userTexts);
}
