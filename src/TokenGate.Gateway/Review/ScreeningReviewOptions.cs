using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Review;

/// <summary>
/// The inline-screening review queue, section <c>TokenGate:ScreeningReview</c> (app settings
/// <c>TokenGate__ScreeningReview__MaxTextLength</c>, …). Whether text is kept at all is the tenant's
/// <c>screening.reviewSamples</c> setting.
/// </summary>
public sealed class ScreeningReviewOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:ScreeningReview";

    /// <summary>Characters of redacted prompt kept on a review incident (default 4,000); longer prompts are cut.</summary>
    [Range(100, 100_000)]
    public int MaxTextLength { get; set; } = 4_000;

    /// <summary>Review incidents opened per user per clock hour (default 20); more are counted and dropped.</summary>
    [Range(1, 100_000)]
    public int MaxSamplesPerUserPerHour { get; set; } = 20;

    /// <summary>Samples waiting for the writer before new ones are dropped (default 1,000).</summary>
    [Range(1, 1_000_000)]
    public int Capacity { get; set; } = 1_000;

    /// <summary>Recent prompt fingerprints remembered to skip duplicate writes without a store call (default 10,000).</summary>
    [Range(1, 10_000_000)]
    public int RecentFingerprints { get; set; } = 10_000;
}
