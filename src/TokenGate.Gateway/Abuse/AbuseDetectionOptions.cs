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

    /// <summary>Detector thresholds.</summary>
    public DetectionOptions Detection { get; set; } = new();
}
