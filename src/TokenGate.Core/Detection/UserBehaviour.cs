namespace TokenGate.Core.Detection;

/// <summary>Rolling state of one user: windows, baselines and recent prompt fingerprints.</summary>
internal sealed class UserBehaviour(string tenantId, string userId)
{
    public const int FingerprintCapacity = 256;

    /// <summary>Most calls of one short window a snapshot carries (beyond it the restored sums are lower bounds).</summary>
    public const int SnapshotCallCapacity = 256;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    public string TenantId { get; } = tenantId;
    public string UserId { get; } = userId;
    public CadenceWindow Tokens { get; } = new(Minute, 10_000);
    public BucketedSum TokensFiveMinutes { get; } = new(TimeSpan.FromSeconds(10), 30);
    public BucketedSum TokensHalfHour { get; } = new(Minute, 30);
    public BucketBaseline MinuteBaseline { get; } = new(Minute, 240);
    public BucketBaseline TenMinuteBaseline { get; } = new(TenMinutes, 144);
    public SlidingSum Rejections { get; } = new(Minute, 10_000);
    public SlidingSum UpstreamErrors { get; } = new(Minute, 10_000);
    public SlidingSum Suspicious { get; } = new(TenMinutes, 1_000);

    /// <summary>Screened calls (completed or rejected) per minute over the last 10 minutes: the volume suspicious counts are judged against.</summary>
    public BucketedSum CallsTenMinutes { get; } = new(Minute, 10);

    /// <summary>Repeated-injection level already reported for the ongoing episode: 0 none, 1 medium, 2 high.</summary>
    public int InjectionReported { get; set; }
    public (DateTimeOffset Time, ulong Hash)[] Fingerprints { get; } = new (DateTimeOffset, ulong)[FingerprintCapacity];
    public int FingerprintNext { get; set; }
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>The snapshot time this state was restored from: events up to it were already counted.</summary>
    public DateTimeOffset RestoredThrough { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Whether a steady drain is currently reported (so it is reported once per episode).</summary>
    public bool SteadyDrainActive { get; set; }

    /// <summary>The user's usual steady (scripted) rate in tokens per minute, decayed from <see cref="SteadyPeakTime"/>.</summary>
    public double SteadyPeakRate { get; set; }

    public DateTimeOffset SteadyPeakTime { get; set; }

    /// <summary>Since when the 30-minute sum has stayed above its threshold (null: it is not above).</summary>
    public DateTimeOffset? SlowBurnAboveSince { get; set; }

    /// <summary>Whether the ongoing 30-minute episode was already reported.</summary>
    public bool SlowBurnReported { get; set; }

    public UserBehaviourSnapshot Snapshot() => new(UserId, MinuteBaseline.Snapshot(), TenMinuteBaseline.Snapshot(), LastSeen)
    {
        RecentCalls = Tokens.Snapshot(SnapshotCallCapacity),
        FiveMinuteTokens = TokensFiveMinutes.Snapshot(),
        HalfHourTokens = TokensHalfHour.Snapshot(),
        Rejections = Rejections.Snapshot(SnapshotCallCapacity),
        UpstreamErrors = UpstreamErrors.Snapshot(SnapshotCallCapacity),
        Suspicious = Suspicious.Snapshot(SnapshotCallCapacity),
        TenMinuteCalls = CallsTenMinutes.Snapshot(),
        InjectionReported = InjectionReported,
        Fingerprints = FingerprintSnapshot(),
        SteadyDrainActive = SteadyDrainActive,
        SteadyPeakRate = SteadyPeakRate,
        SteadyPeakTime = SteadyPeakTime,
        SlowBurnAboveSince = SlowBurnAboveSince,
        SlowBurnReported = SlowBurnReported,
    };

    public void Restore(UserBehaviourSnapshot snapshot)
    {
        MinuteBaseline.Restore(snapshot.Minutes);
        TenMinuteBaseline.Restore(snapshot.TenMinutes);
        Tokens.Restore(snapshot.RecentCalls);
        if (snapshot.FiveMinuteTokens is { } five)
        {
            TokensFiveMinutes.Restore(five);
        }

        if (snapshot.HalfHourTokens is { } halfHour)
        {
            TokensHalfHour.Restore(halfHour);
        }

        Rejections.Restore(snapshot.Rejections);
        UpstreamErrors.Restore(snapshot.UpstreamErrors);
        Suspicious.Restore(snapshot.Suspicious);
        if (snapshot.TenMinuteCalls is { } calls)
        {
            CallsTenMinutes.Restore(calls);
        }

        InjectionReported = snapshot.InjectionReported;
        foreach (var (time, hash) in TimedValues.FromSnapshot(snapshot.Fingerprints))
        {
            Fingerprints[FingerprintNext] = (time, unchecked((ulong)hash));
            FingerprintNext = (FingerprintNext + 1) % Fingerprints.Length;
        }

        SteadyDrainActive = snapshot.SteadyDrainActive;
        SteadyPeakRate = snapshot.SteadyPeakRate;
        SteadyPeakTime = snapshot.SteadyPeakTime;
        SlowBurnAboveSince = snapshot.SlowBurnAboveSince;
        SlowBurnReported = snapshot.SlowBurnReported;
    }

    // Only fingerprints from the last minute matter to the flood check; older ones are left behind.
    private TimedValuesSnapshot? FingerprintSnapshot()
    {
        var recent = new List<(DateTimeOffset Time, long Value)>();
        for (var i = 0; i < Fingerprints.Length; i++)
        {
            var (time, hash) = Fingerprints[(FingerprintNext + i) % Fingerprints.Length];
            if (hash != 0 && LastSeen - time < Minute)
            {
                recent.Add((time, unchecked((long)hash)));
            }
        }

        return TimedValues.ToSnapshot(recent, FingerprintCapacity);
    }
}
