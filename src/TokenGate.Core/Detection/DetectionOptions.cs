using System.ComponentModel.DataAnnotations;

namespace TokenGate.Core.Detection;

/// <summary>Thresholds of the behavioural detectors. Defaults are what docs/evaluation.md measured.</summary>
public sealed class DetectionOptions
{
    /// <summary>Users kept in memory (least recently seen evicted). Default 100,000.</summary>
    [Range(100, 10_000_000)]
    public int MaxTrackedUsers { get; set; } = 100_000;

    /// <summary>Client-IP hashes and key ids tracked for failed authentication. Default 100,000.</summary>
    [Range(100, 10_000_000)]
    public int MaxTrackedCredentials { get; set; } = 100_000;

    /// <summary>Active minutes of history before a user's token velocity is judged. Default 20.</summary>
    [Range(1, 1000)]
    public int VelocityWarmupMinutes { get; set; } = 20;

    /// <summary>A 60-second token sum must exceed this many times the user's median active minute. Default 12.</summary>
    [Range(1.5, 1000)]
    public double VelocityMultiple { get; set; } = 12;

    /// <summary>...and the median plus this many robust standard deviations (1.4826·MAD). Default 10.</summary>
    [Range(1, 1000)]
    public double VelocityRobustZ { get; set; } = 10;

    /// <summary>...and at least this many tokens in 60 s, so small users are not flagged for small bursts. Default 50,000.</summary>
    [Range(1, int.MaxValue)]
    public int VelocityMinimumTokens { get; set; } = 50_000;

    /// <summary>Tokens in 60 s that are suspicious even during warm-up. Default 400,000.</summary>
    [Range(1, int.MaxValue)]
    public int VelocityAbsoluteTokens { get; set; } = 400_000;

    /// <summary>SimHash distance at or below which two prompts count as near-duplicates. Default 7 (random pairs sit near 32).</summary>
    [Range(0, 32)]
    public int FloodHammingDistance { get; set; } = 7;

    /// <summary>Near-duplicates of one prompt within 60 s for a medium finding. Default 30.</summary>
    [Range(2, 10_000)]
    public int FloodMediumCount { get; set; } = 30;

    /// <summary>Near-duplicates within 60 s for a high finding. Default 90.</summary>
    [Range(2, 10_000)]
    public int FloodHighCount { get; set; } = 90;

    /// <summary>Failed authentications per client IP or key id within 60 s for a medium finding. Default 20.</summary>
    [Range(2, 100_000)]
    public int AuthFailureMediumCount { get; set; } = 20;

    /// <summary>...for a high finding. Default 100.</summary>
    [Range(2, 100_000)]
    public int AuthFailureHighCount { get; set; } = 100;

    /// <summary>Rejections of one user within 60 s for a medium finding (a client ignoring Retry-After). Default 60.</summary>
    [Range(2, 100_000)]
    public int RejectionMediumCount { get; set; } = 60;

    /// <summary>Upstream errors (5xx) of one user within 60 s for a medium finding. Default 30.</summary>
    [Range(2, 100_000)]
    public int UpstreamErrorMediumCount { get; set; } = 30;

    /// <summary>Injection score at or above which a request counts as suspicious. Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double InjectionScoreThreshold { get; set; } = 0.5;

    /// <summary>Suspicious requests within 10 minutes for a medium finding. Default 5.</summary>
    [Range(1, 10_000)]
    public int InjectionMediumCount { get; set; } = 5;

    /// <summary>...for a high finding. Default 10.</summary>
    [Range(1, 10_000)]
    public int InjectionHighCount { get; set; } = 10;

    /// <summary>Active 10-minute blocks of history before slow-burn is judged. Default 12.</summary>
    [Range(1, 10_000)]
    public int SlowBurnWarmupBlocks { get; set; } = 12;

    /// <summary>
    /// A 30-minute token sum above this multiple of the user's usual 30 minutes (three median active
    /// 10-minute blocks) is a drain: sustained, so a single busy session does not qualify. Default 5.
    /// </summary>
    [Range(1.5, 1000)]
    public double SlowBurnMultiple { get; set; } = 5;

    /// <summary>...and at least this many tokens in 30 minutes. Default 150,000.</summary>
    [Range(1, int.MaxValue)]
    public int SlowBurnMinimumTokens { get; set; } = 150_000;
}
