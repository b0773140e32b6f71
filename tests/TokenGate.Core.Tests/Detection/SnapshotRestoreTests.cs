using System.Text.Json;
using TokenGate.Core.Detection;
using TokenGate.Core.Events;
using static TokenGate.Core.Tests.Detection.TrafficShapes;

namespace TokenGate.Core.Tests.Detection;

public class SnapshotRestoreTests
{
    private static UserBehaviourSnapshot RoundTrip(UserBehaviourSnapshot snapshot) =>
        JsonSerializer.Deserialize<UserBehaviourSnapshot>(JsonSerializer.Serialize(snapshot))!;

    // Feeds the stream to one detector without a break, and to two with a snapshot (through JSON) handed over at `cut`.
    private static (List<DetectionFinding> Uninterrupted, List<DetectionFinding> Restarted) Compare(List<UsageEvent> events, DateTimeOffset cut)
    {
        var uninterrupted = Feed(new BehaviourDetector(new DetectionOptions()), events);
        var before = new BehaviourDetector(new DetectionOptions());
        var restarted = Feed(before, events.Where(e => e.Time < cut));
        var after = new BehaviourDetector(new DetectionOptions());
        after.Restore("t1", RoundTrip(before.Snapshot("t1", "u1")!));
        restarted.AddRange(Feed(after, events.Where(e => e.Time >= cut)));
        return (uninterrupted, restarted);
    }

    private static string Describe(IEnumerable<DetectionFinding> findings) =>
        string.Join("\n", findings.Select(f => $"{f.Detector} {f.Severity} {f.Time:O} {string.Join(',', f.Evidence.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}"));

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    public void Restore_MidSteadyDrain_FindsItAtTheSameEventAsWithoutARestart(int secondsIntoDrain)
    {
        var random = new Random(7);
        var drainStart = Start.AddHours(4);
        var events = Steady(random, Start, drainStart, TimeSpan.FromMinutes(1), 1_000)
            .Concat(Steady(random, drainStart, drainStart.AddMinutes(20), TimeSpan.FromSeconds(7.5), 2_000)).ToList();

        var (uninterrupted, restarted) = Compare(events, drainStart.AddSeconds(secondsIntoDrain));

        Assert.Contains(uninterrupted, f => f.Detector == DetectorNames.SlowBurn && f.Time - drainStart <= TimeSpan.FromSeconds(60));
        Assert.Equal(Describe(uninterrupted), Describe(restarted));
    }

    [Fact]
    public void Restore_MidJitteredDrain_KeepsTheFiveAndThirtyMinuteWindows()
    {
        var random = new Random(8);
        var drainStart = Start.AddHours(4);
        var events = Poisson(random, Start, drainStart, 1, 1_000)
            .Concat(Poisson(random, drainStart, drainStart.AddMinutes(40), 8, 2_000)).ToList();

        var (uninterrupted, restarted) = Compare(events, drainStart.AddMinutes(2));

        Assert.Contains(uninterrupted, f => f.Detector == DetectorNames.SlowBurn);
        Assert.Equal(Describe(uninterrupted), Describe(restarted));
    }

    [Fact]
    public void Restore_MidSpikeFloodAndInjectionRun_FindsThemAtTheSameEvents()
    {
        var random = new Random(9);
        var attack = Start.AddHours(2);
        const ulong template = 0x0F0F_1234_5678_9ABCUL;
        var events = Steady(random, Start, attack, TimeSpan.FromSeconds(40), 800).ToList();
        events.AddRange(Enumerable.Range(0, 90).Select(i => Completed(attack.AddSeconds(i * 2), 6_000) with { InjectionScore = i % 9 == 0 ? 0.9 : 0 }));
        events.AddRange(Enumerable.Range(0, 200).Select(i => Completed(attack.AddMinutes(4).AddMilliseconds(i * 300), 100, simHash: template ^ (1UL << (i % 3)))));
        events.Sort((a, b) => a.Time.CompareTo(b.Time));

        var (uninterrupted, restarted) = Compare(events, attack.AddSeconds(9));
        var (_, restartedInFlood) = Compare(events, attack.AddMinutes(4).AddSeconds(20));

        Assert.Contains(uninterrupted, f => f.Detector == DetectorNames.TokenVelocity);
        Assert.Contains(uninterrupted, f => f.Detector == DetectorNames.PromptFlood && f.Severity == FindingSeverity.High);
        Assert.Contains(uninterrupted, f => f.Detector == DetectorNames.RepeatedInjection);
        Assert.Equal(Describe(uninterrupted), Describe(restarted));
        Assert.Equal(Describe(uninterrupted), Describe(restartedInFlood));
    }

    [Fact]
    public void Restore_ThenARedeliveredBatch_CountsNothingTwice()
    {
        var events = Enumerable.Range(0, 6).Select(i => Completed(Start.AddSeconds(i * 10), 100) with { InjectionScore = 0.9 }).ToList();
        var first = new BehaviourDetector(new DetectionOptions());
        var original = Feed(first, events);

        var second = new BehaviourDetector(new DetectionOptions());
        second.Restore("t1", RoundTrip(first.Snapshot("t1", "u1")!));
        var replayed = Feed(second, events);
        var next = Feed(second, [Completed(Start.AddSeconds(70), 100) with { InjectionScore = 0.9 }]);

        Assert.Single(original, f => f.Detector == DetectorNames.RepeatedInjection);
        Assert.Empty(replayed);
        Assert.Empty(next);
    }

    [Fact]
    public void Snapshot_RoundTripsThroughJson_WithEveryShortWindow()
    {
        var detector = new BehaviourDetector(new DetectionOptions());
        Feed(detector, Steady(new Random(10), Start, Start.AddMinutes(90), TimeSpan.FromSeconds(5), 500));
        var snapshot = detector.Snapshot("t1", "u1")!;

        var json = JsonSerializer.Serialize(snapshot);
        var back = JsonSerializer.Deserialize<UserBehaviourSnapshot>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.NotNull(back.RecentCalls);
        Assert.Equal(12, back.RecentCalls.Values.Length);
        Assert.NotNull(back.HalfHourTokens);
        Assert.Equal(30, back.HalfHourTokens.Sums.Length);
        Assert.NotNull(back.TenMinuteCalls);
        Assert.Equal(120, back.TenMinuteCalls.Sums.Sum());
        Assert.True(back.SteadyPeakRate > 0);
        Assert.True(json.Length < 8_000, $"snapshot is {json.Length} characters");
    }

    [Fact]
    public void Restore_FromASnapshotWithoutShortWindows_KeepsTheBaselines()
    {
        var first = new BehaviourDetector(new DetectionOptions());
        Feed(first, Steady(new Random(11), Start, Start.AddMinutes(40), TimeSpan.FromMinutes(1), 500));
        var full = first.Snapshot("t1", "u1")!;
        var old = new UserBehaviourSnapshot(full.UserId, full.Minutes with { CurrentBucket = long.MinValue, CurrentTotal = 0 }, full.TenMinutes, full.LastSeen);

        var second = new BehaviourDetector(new DetectionOptions());
        second.Restore("t1", RoundTrip(old));
        var spikeStart = Start.AddMinutes(45);
        var findings = Feed(second, Enumerable.Range(0, 30).Select(i => Completed(spikeStart.AddSeconds(i), 2_000)));

        Assert.Contains(findings, f => f.Detector == DetectorNames.TokenVelocity);
    }
}
