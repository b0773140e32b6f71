using System.ComponentModel.DataAnnotations;
using TokenGate.Core.Detection;

namespace TokenGate.Gateway.Abuse;

/// <summary>Configuration section "AbuseDetection" (app settings: AbuseDetection__BlockMinutes, AbuseDetection__Detection__FloodMediumCount, …).</summary>
public sealed class AbuseDetectionOptions
{
    public const string SectionName = "AbuseDetection";

    /// <summary>How long a high-confidence finding blocks the user, from the finding's event time. Default 60 minutes.</summary>
    [Range(1, 60 * 24 * 30)]
    public int BlockMinutes { get; set; } = 60;

    /// <summary>
    /// True (default): high-confidence findings block the user. False ("observe mode", for rolling out or
    /// load-testing with one synthetic user): they only open incidents, marked high, for review.
    /// </summary>
    public bool BlockOnHighConfidence { get; set; } = true;

    /// <summary>Request ids remembered to drop redelivered events. Default 200,000.</summary>
    [Range(1000, 10_000_000)]
    public int ProcessedRequestIdCapacity { get; set; } = 200_000;

    /// <summary>
    /// Each user's detector state is saved to <see cref="IBehaviourStateStore"/> at most once per this much of
    /// the user's event time (and always after a batch in which a finding about the user fired). What a crash or
    /// a partition move can lose is at most this much of one user's most recent activity. Zero saves every user a
    /// batch touched after every batch. Default 60 s (app setting <c>AbuseDetection__StateSaveInterval</c> = <c>00:01:00</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StateSaveInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Detector thresholds.</summary>
    public DetectionOptions Detection { get; set; } = new();
}
