using CsCheck;
using TokenGate.Core.Detection;
using static TokenGate.Core.Tests.Detection.TrafficShapes;

namespace TokenGate.Core.Tests.Detection;

public class DrainDetectionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void SlowBurn_WhenUserMovesToASteadyScriptAt16TimesTheirRate_FindsItWithin60Seconds()
    {
        var random = new Random(1);
        var detector = new BehaviourDetector(new DetectionOptions());
        var drainStart = Start.AddHours(4);
        Assert.Empty(Feed(detector, Steady(random, Start, drainStart, Minute, 1_000)));

        var findings = Feed(detector, Steady(random, drainStart, drainStart.AddMinutes(5), TimeSpan.FromSeconds(7.5), 2_000));

        var finding = findings.SlowBurn("steady-60s").First();
        Assert.Equal(FindingSeverity.Medium, finding.Severity);
        Assert.True(finding.Time - drainStart <= TimeSpan.FromSeconds(60), $"found after {finding.Time - drainStart}");
        Assert.Single(findings.SlowBurn("steady-60s"));
    }

    [Fact]
    public void SlowBurn_WhenDrainIsJittered_IsFoundByTheFiveMinuteBurnRateNotTheSteadySignal()
    {
        var random = new Random(2);
        var detector = new BehaviourDetector(new DetectionOptions());
        var drainStart = Start.AddHours(4);
        Feed(detector, Steady(random, Start, drainStart, Minute, 1_000));

        var findings = Feed(detector, Poisson(random, drainStart, drainStart.AddMinutes(10), 8, 2_000));

        Assert.Empty(findings.SlowBurn("steady-60s"));
        var finding = findings.SlowBurn("burn-rate-5min").First();
        Assert.True(finding.Time - drainStart <= TimeSpan.FromMinutes(5), $"found after {finding.Time - drainStart}");
    }

    [Fact]
    public void SlowBurn_WhenANewUserRunsAScriptDuringWarmUp_IsNotFlagged()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        var findings = Feed(detector, Steady(new Random(3), Start, Start.AddMinutes(15), TimeSpan.FromSeconds(5), 3_000));

        Assert.Empty(findings);
    }

    [Fact]
    public void SlowBurn_WhenARecurringBatchJobRunsAgain_IsNotFlaggedButAJobAtEightTimesItsRateIs()
    {
        var random = new Random(4);
        var detector = new BehaviourDetector(new DetectionOptions());
        var events = new List<TokenGate.Core.Events.UsageEvent>();
        for (var hour = 0; hour < 4; hour++)
        {
            var at = Start.AddHours(hour);
            // The job's first run falls in the user's warm-up: it is part of their usual from the start.
            events.AddRange(Steady(random, at.AddMinutes(5), at.AddMinutes(9), TimeSpan.FromSeconds(4), 1_200));
            events.AddRange(Poisson(random, at.AddMinutes(15), at.AddMinutes(45), 1, 800));
        }

        var history = Feed(detector, events.OrderBy(e => e.Time));
        Assert.Empty(history.SlowBurn());

        var faster = Start.AddHours(4).AddMinutes(5);
        var findings = Feed(detector, Steady(random, faster, faster.AddMinutes(3), TimeSpan.FromSeconds(4), 9_600));

        Assert.Contains(findings.SlowBurn("steady-60s"), f => f.Time - faster <= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void TokenVelocity_WhenAUsersKnownBatchJobRunsAbove50kPerMinute_IsNotFlagged()
    {
        var random = new Random(6);
        var detector = new BehaviourDetector(new DetectionOptions());
        var events = new List<TokenGate.Core.Events.UsageEvent>();
        for (var hour = 0; hour < 4; hour++)
        {
            var at = Start.AddHours(hour);
            // 20 calls/min of ~3,600 tokens (~72k/min) for 3 minutes an hour, first run within warm-up.
            events.AddRange(Steady(random, at.AddMinutes(2), at.AddMinutes(5), TimeSpan.FromSeconds(3), 3_600));
            events.AddRange(Poisson(random, at.AddMinutes(10), at.AddMinutes(50), 1, 1_500));
        }

        var findings = Feed(detector, events.OrderBy(e => e.Time));

        Assert.Empty(findings);
    }

    [Fact]
    public void SlowBurnBackstop_WhenABusyHalfHourEndsBeforeItPersists_IsNotFlaggedButASustainedOneIs()
    {
        var options = new DetectionOptions { SlowBurnMinimumTokens = 1, BurnRateMultiple = 1000, SteadyDrainMaxCadenceCv = 0.01 };
        var random = new Random(5);
        var history = Poisson(random, Start, Start.AddHours(3), 1, 1_000).ToList();
        var busyStart = Start.AddHours(3);
        // 20k tokens/min for 6 minutes: over the 30-minute threshold for a few minutes, then quiet.
        var busy = Poisson(random, busyStart, busyStart.AddMinutes(6), 10, 2_000).ToList();
        var sustained = Poisson(random, busyStart.AddHours(2), busyStart.AddHours(2).AddMinutes(40), 10, 2_000).ToList();

        var busyFindings = Feed(new BehaviourDetector(options), history.Concat(busy));
        var sustainedFindings = Feed(new BehaviourDetector(options), history.Concat(sustained));

        Assert.Empty(busyFindings.SlowBurn("sustained-30min"));
        var finding = Assert.Single(sustainedFindings.SlowBurn("sustained-30min"));
        Assert.True(double.Parse(finding.Evidence["minutes_above"], System.Globalization.CultureInfo.InvariantCulture) >= 10);
    }

    [Fact]
    public void Property_PoissonTrafficAtUpToThreeTimesTheUsualRate_NeverRaisesSlowBurn()
    {
        Gen.Select(Gen.Double[0.2, 20], Gen.Int[200, 4_000], Gen.Double[1, 3], Gen.Int[0, int.MaxValue]).Sample((perMinute, tokens, busy, seed) =>
        {
            var random = new Random(seed);
            var detector = new BehaviourDetector(new DetectionOptions());
            var busyStart = Start.AddHours(3);
            var events = Poisson(random, Start, busyStart, perMinute, tokens)
                .Concat(Poisson(random, busyStart, busyStart.AddMinutes(30), perMinute * busy, tokens));

            Assert.Empty(Feed(detector, events).SlowBurn());
        }, iter: 25);
    }

    [Fact]
    public void Property_ACronJobAtTheUsersUsualRate_NeverRaisesAnything()
    {
        Gen.Select(Gen.Double[5, 600], Gen.Int[100, 8_000], Gen.Int[0, int.MaxValue]).Sample((periodSeconds, tokens, seed) =>
        {
            var detector = new BehaviourDetector(new DetectionOptions());

            var findings = Feed(detector, Steady(new Random(seed), Start, Start.AddHours(6), TimeSpan.FromSeconds(periodSeconds), tokens));

            Assert.Empty(findings);
        }, iter: 25);
    }

    [Fact]
    public void Property_ASteadyDrainOfAtLeastSevenTimesTheUsersBusyMinutes_IsFoundWithin60Seconds()
    {
        Gen.Select(Gen.Int[300, 3_000], Gen.Double[7, 40], Gen.Int[6, 30], Gen.Int[0, int.MaxValue]).Sample((usual, multiple, callsPerMinute, seed) =>
        {
            var random = new Random(seed);
            var detector = new BehaviourDetector(new DetectionOptions());
            var drainStart = Start.AddHours(4);
            // One call a minute of about `usual` tokens: the busiest usual minute is at most 1.2x usual.
            Feed(detector, Steady(random, Start, drainStart, Minute, usual, jitter: 0));
            var rate = Math.Max(multiple * usual * 1.2, 2_500);
            var size = (int)(rate / callsPerMinute / 0.8);

            var findings = Feed(detector, Steady(random, drainStart, drainStart.AddMinutes(3), TimeSpan.FromSeconds(60.0 / callsPerMinute), size));

            Assert.Contains(findings.SlowBurn(), f => f.Time - drainStart <= TimeSpan.FromSeconds(60));
        }, iter: 25);
    }
}
