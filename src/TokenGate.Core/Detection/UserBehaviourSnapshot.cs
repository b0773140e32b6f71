namespace TokenGate.Core.Detection;

/// <summary>
/// What survives a restart or a partition move for one user: the long-lived baselines (tokens per
/// active minute, per active ten minutes) and, compactly, the short windows an ongoing attack is
/// judged on (recent calls, 5- and 30-minute token buckets, rejection, error and suspicious-prompt
/// times, last-minute prompt fingerprints, the drain detectors' episode state). Every added member
/// is optional: an older snapshot without them restores the baselines only. Public types throughout,
/// so it round-trips through System.Text.Json.
/// </summary>
public sealed record UserBehaviourSnapshot(string UserId, BaselineSnapshot Minutes, BaselineSnapshot TenMinutes, DateTimeOffset LastSeen)
{
    /// <summary>Completed calls of the last 60 s (time, tokens), newest 256 at most.</summary>
    public TimedValuesSnapshot? RecentCalls { get; init; }

    /// <summary>Tokens per 10-second bucket over the last 5 minutes.</summary>
    public BucketedSumSnapshot? FiveMinuteTokens { get; init; }

    /// <summary>Tokens per minute over the last 30 minutes.</summary>
    public BucketedSumSnapshot? HalfHourTokens { get; init; }

    /// <summary>Rejections of the last 60 s.</summary>
    public TimedValuesSnapshot? Rejections { get; init; }

    /// <summary>Upstream errors of the last 60 s.</summary>
    public TimedValuesSnapshot? UpstreamErrors { get; init; }

    /// <summary>Suspicious (high screening score) requests of the last 10 minutes.</summary>
    public TimedValuesSnapshot? Suspicious { get; init; }

    /// <summary>Screened calls per minute over the last 10 minutes.</summary>
    public BucketedSumSnapshot? TenMinuteCalls { get; init; }

    /// <summary>Repeated-injection level already reported for the ongoing episode (0 none, 1 medium, 2 high).</summary>
    public int InjectionReported { get; init; }

    /// <summary>Prompt SimHashes of the last 60 s (as signed 64-bit values).</summary>
    public TimedValuesSnapshot? Fingerprints { get; init; }

    /// <summary>Whether a steady drain was already reported for the ongoing episode.</summary>
    public bool SteadyDrainActive { get; init; }

    /// <summary>The highest steady (scripted) rate the user has shown, tokens per minute, as of <see cref="SteadyPeakTime"/>.</summary>
    public double SteadyPeakRate { get; init; }

    /// <summary>When <see cref="SteadyPeakRate"/> was last raised (it decays from there).</summary>
    public DateTimeOffset SteadyPeakTime { get; init; }

    /// <summary>Since when the 30-minute sum has stayed above its threshold, if it is.</summary>
    public DateTimeOffset? SlowBurnAboveSince { get; init; }

    /// <summary>Whether the ongoing 30-minute episode was already reported.</summary>
    public bool SlowBurnReported { get; init; }
}
