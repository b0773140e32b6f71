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

    /// <summary>...and this multiple of the user's 90th-percentile active minute (their own busy minutes). Default 10.</summary>
    [Range(1, 1000)]
    public double VelocityBusyMultiple { get; set; } = 10;

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

    /// <summary>
    /// Share of benign requests the inline screener is expected to score as suspicious (its false-positive
    /// rate: 1.1 % on the held-out split, docs/evaluation.md). A busy user's suspicious count must exceed
    /// what this rate explains for their call volume in the same 10 minutes (a Poisson tail below 1 in
    /// 10,000) before it counts as repeated injection; for a user with few calls the counts above apply
    /// unchanged. 0 turns the volume allowance off. Default 0.01.
    /// </summary>
    [Range(0.0, 0.5)]
    public double InjectionBackgroundRate { get; set; } = 0.01;

    /// <summary>
    /// Steady drain (the fast slow-burn signal): completed calls within the last 60 s needed before the
    /// cadence is judged. Default 6 (five gaps).
    /// </summary>
    [Range(3, 10_000)]
    public int SteadyDrainMinCalls { get; set; } = 6;

    /// <summary>...and the seconds those calls must span, so a short loop of a few calls does not qualify. Default 45.</summary>
    [Range(1, 59)]
    public double SteadyDrainMinSpanSeconds { get; set; } = 45;

    /// <summary>
    /// ...and the highest coefficient of variation (sd/mean) of the gaps between them that counts as a
    /// script's steady cadence. Human and other Poisson-like traffic sits near 1. Default 0.3.
    /// </summary>
    [Range(0.01, 1)]
    public double SteadyDrainMaxCadenceCv { get; set; } = 0.3;

    /// <summary>
    /// ...and the rate over those calls (tokens per minute) must exceed this multiple of the user's own
    /// 90th-percentile active minute (after <see cref="VelocityWarmupMinutes"/> of warm-up). Default 8.
    /// </summary>
    [Range(1.5, 1000)]
    public double SteadyDrainMultiple { get; set; } = 8;

    /// <summary>
    /// ...and this multiple of the highest steady rate the user has shown before (their own cron and batch
    /// jobs), which halves every <see cref="SteadyMemoryHours"/>. Default 2.
    /// </summary>
    [Range(1, 1000)]
    public double SteadyRepeatMultiple { get; set; } = 2;

    /// <summary>Half-life of the remembered steady rate, in hours of event time. Default 24.</summary>
    [Range(0.1, 10_000)]
    public double SteadyMemoryHours { get; set; } = 24;

    /// <summary>
    /// Burn rate (any cadence): tokens in the last 5 minutes above this multiple of five of the user's
    /// 90th-percentile active minutes. Default 6.
    /// </summary>
    [Range(1.5, 1000)]
    public double BurnRateMultiple { get; set; } = 6;

    /// <summary>
    /// The steady-drain and burn-rate signals also need at least this many tokens per minute, so that
    /// small users are not flagged for what no budget would notice (2,000/min is ~86M tokens a month).
    /// Default 2,000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int DrainMinimumTokensPerMinute { get; set; } = 2_000;

    /// <summary>Active 10-minute blocks of history before the 30-minute slow-burn backstop is judged. Default 12.</summary>
    [Range(1, 10_000)]
    public int SlowBurnWarmupBlocks { get; set; } = 12;

    /// <summary>
    /// 30-minute backstop: a 30-minute token sum above this multiple of the user's usual 30 minutes (three
    /// median active 10-minute blocks) is a drain whatever its cadence. Default 5.
    /// </summary>
    [Range(1.5, 1000)]
    public double SlowBurnMultiple { get; set; } = 5;

    /// <summary>
    /// ...and this multiple of the user's busy 30 minutes (three 90th-percentile active 10-minute blocks),
    /// so a user whose usual includes recurring jobs is judged against them too. Default 3.
    /// </summary>
    [Range(1, 1000)]
    public double SlowBurnBusyMultiple { get; set; } = 3;

    /// <summary>
    /// ...and it must stay above for this many minutes before it is reported, so that a busy session,
    /// which ends, does not qualify while a drain, which goes on, does. Default 10.
    /// </summary>
    [Range(0, 30)]
    public int SlowBurnPersistMinutes { get; set; } = 10;

    /// <summary>...and at least this many tokens in 30 minutes. Default 150,000.</summary>
    [Range(1, int.MaxValue)]
    public int SlowBurnMinimumTokens { get; set; } = 150_000;
}
