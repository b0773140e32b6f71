namespace TokenGate.Core.Detection;

/// <summary>Rolling state of one user: windows, baselines and recent prompt fingerprints.</summary>
internal sealed class UserBehaviour(string tenantId, string userId)
{
    public const int FingerprintCapacity = 256;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    public string TenantId { get; } = tenantId;
    public string UserId { get; } = userId;
    public SlidingSum Tokens { get; } = new(Minute, 10_000);
    public SlidingSum TokensHalfHour { get; } = new(TimeSpan.FromMinutes(30), 100_000);
    public BucketBaseline MinuteBaseline { get; } = new(Minute, 240);
    public BucketBaseline TenMinuteBaseline { get; } = new(TenMinutes, 144);
    public SlidingSum Rejections { get; } = new(Minute, 10_000);
    public SlidingSum UpstreamErrors { get; } = new(Minute, 10_000);
    public SlidingSum Suspicious { get; } = new(TenMinutes, 1_000);
    public (DateTimeOffset Time, ulong Hash)[] Fingerprints { get; } = new (DateTimeOffset, ulong)[FingerprintCapacity];
    public int FingerprintNext { get; set; }
    public DateTimeOffset LastSeen { get; set; }

    public UserBehaviourSnapshot Snapshot() => new(UserId, MinuteBaseline.Snapshot(), TenMinuteBaseline.Snapshot(), LastSeen);

    public void Restore(UserBehaviourSnapshot snapshot)
    {
        MinuteBaseline.Restore(snapshot.Minutes);
        TenMinuteBaseline.Restore(snapshot.TenMinutes);
    }
}
