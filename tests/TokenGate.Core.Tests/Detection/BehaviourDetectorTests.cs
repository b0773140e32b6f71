using TokenGate.Core.Admission;
using TokenGate.Core.Detection;
using TokenGate.Core.Events;

namespace TokenGate.Core.Tests.Detection;

public class BehaviourDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private int _requests;

    private UsageEvent Completed(DateTimeOffset time, int tokens, ulong simHash = 0, string user = "u1", double score = 0) => new()
    {
        Kind = UsageEventKind.Completed,
        Time = time,
        RequestId = "r" + _requests++,
        TenantId = "t1",
        UserId = user,
        Status = 200,
        PromptTokens = tokens / 2,
        CompletionTokens = tokens - (tokens / 2),
        PromptSimHash = simHash,
        InjectionScore = score,
    };

    private static List<DetectionFinding> Feed(BehaviourDetector detector, IEnumerable<UsageEvent> events) =>
        events.SelectMany(detector.Observe).ToList();

    [Fact]
    public void TokenVelocity_WhenUserIsNewAndBusy_IsNotFlaggedDuringWarmUp()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        var findings = Feed(detector, Enumerable.Range(0, 60).Select(i => Completed(Start.AddSeconds(i), 3_000)));

        Assert.Empty(findings);
    }

    [Fact]
    public void TokenVelocity_WhenEstablishedUserSpikes_FindsAnomalyWithinAMinute()
    {
        var detector = new BehaviourDetector(new DetectionOptions());
        var history = Enumerable.Range(0, 60).SelectMany(m => Enumerable.Range(0, 3).Select(k => Completed(Start.AddMinutes(m).AddSeconds(k * 15), 600 + (m % 5 * 50))));
        Assert.Empty(Feed(detector, history));

        var spikeStart = Start.AddMinutes(61);
        var findings = Feed(detector, Enumerable.Range(0, 60).Select(i => Completed(spikeStart.AddSeconds(i), 4_000)));

        var finding = Assert.Single(findings, f => f.Detector == DetectorNames.TokenVelocity && f.Severity == FindingSeverity.Medium);
        Assert.True(finding.Time - spikeStart < TimeSpan.FromSeconds(60));
        Assert.Equal("u1", finding.UserId);
        Assert.Contains("tokens_60s", finding.Evidence.Keys);
    }

    [Fact]
    public void PromptFlood_WhenNearDuplicatePromptsArrive_FindsMediumThenHigh()
    {
        var detector = new BehaviourDetector(new DetectionOptions());
        const ulong baseHash = 0x0123_4567_89AB_CDEFUL;

        var findings = Feed(detector, Enumerable.Range(0, 120).Select(i => Completed(Start.AddMilliseconds(i * 400), 50, baseHash ^ (1UL << (i % 4)))));

        Assert.Contains(findings, f => f.Detector == DetectorNames.PromptFlood && f.Severity == FindingSeverity.Medium);
        Assert.Contains(findings, f => f.Detector == DetectorNames.PromptFlood && f.Severity == FindingSeverity.High);
    }

    [Fact]
    public void PromptFlood_WhenPromptsAreDifferent_FindsNothing()
    {
        var detector = new BehaviourDetector(new DetectionOptions());
        var random = new Random(3);

        var findings = Feed(detector, Enumerable.Range(0, 200).Select(i => Completed(Start.AddMilliseconds(i * 200), 50, (ulong)random.NextInt64())));

        Assert.DoesNotContain(findings, f => f.Detector == DetectorNames.PromptFlood);
    }

    [Fact]
    public void CredentialStuffing_WhenOneIpFailsRepeatedly_FindsBurstPerIp()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        var findings = Feed(detector, Enumerable.Range(0, 25).Select(i => new UsageEvent
        {
            Kind = UsageEventKind.AuthenticationFailed,
            Time = Start.AddSeconds(i),
            RequestId = "a" + i,
            ClientIpHash = "ip-hash-1",
            KeyId = "key" + i,
            Status = 401,
        }));

        var finding = Assert.Single(findings);
        Assert.Equal(DetectorNames.CredentialStuffing, finding.Detector);
        Assert.Equal("client-ip", finding.SubjectKind);
        Assert.Equal("20", finding.Evidence["failures_60s"]);
    }

    [Fact]
    public void RepeatedInjection_WhenScoresStayHigh_EscalatesToHigh()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        var findings = Feed(detector, Enumerable.Range(0, 12).Select(i => Completed(Start.AddSeconds(i * 20), 100, score: 0.95)));

        Assert.Equal([FindingSeverity.Medium, FindingSeverity.High], findings.Where(f => f.Detector == DetectorNames.RepeatedInjection).Select(f => f.Severity));
    }

    [Fact]
    public void RepeatedInjection_WhenABusyUsersFlagsAreWhatTheScreenersFalsePositiveRateExplains_IsNotFlagged()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        // 600 calls in 10 minutes (a batch job), 6 of them falsely flagged: 1 %, the screener's false-positive rate.
        var findings = Feed(detector, Enumerable.Range(0, 600).Select(i => Completed(Start.AddSeconds(i), 100, score: i % 100 == 99 ? 0.6 : 0)));

        Assert.DoesNotContain(findings, f => f.Detector == DetectorNames.RepeatedInjection);
    }

    [Fact]
    public void RepeatedInjection_WhenABusyUserIsFlaggedFarMoreThanTheRateExplains_IsFlaggedWithTheVolumeAsEvidence()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        // The same 600 calls, one in ten flagged: an attacker probing from a busy key.
        var findings = Feed(detector, Enumerable.Range(0, 600).Select(i => Completed(Start.AddSeconds(i), 100, score: i % 10 == 9 ? 0.9 : 0)));

        var injection = findings.Where(f => f.Detector == DetectorNames.RepeatedInjection).ToList();
        Assert.Equal([FindingSeverity.Medium, FindingSeverity.High], injection.Select(f => f.Severity));
        var medium = injection[0];
        var calls = int.Parse(medium.Evidence["calls_10min"], System.Globalization.CultureInfo.InvariantCulture);
        var threshold = int.Parse(medium.Evidence["threshold"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(BehaviourDetector.PoissonTailQuantile(calls * 0.01, 1e-4), threshold);
        Assert.True(threshold > new DetectionOptions().InjectionMediumCount, $"a busy user's threshold rises above the base count, was {threshold} at {calls} calls");
    }

    [Fact]
    public void RepeatedInjection_WhenPromptsAreFlaggedOnlyForPii_IsNotFlagged()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        // A support agent pasting customers' e-mail addresses: the tenant's PII policy flags (or blocks) each one.
        var findings = Feed(detector, Enumerable.Range(0, 20).Select(i => Completed(Start.AddSeconds(i * 20), 300, score: 0.005) with
        {
            ScreeningVerdict = i % 2 == 0 ? TokenGate.Core.Screening.ScreeningVerdict.Flag : TokenGate.Core.Screening.ScreeningVerdict.Block,
            PiiKinds = ["email"],
        }));

        Assert.DoesNotContain(findings, f => f.Detector == DetectorNames.RepeatedInjection);
    }

    [Fact]
    public void RejectionSpike_WhenAClientIgnoresRetryAfter_OpensOneMediumFindingAtTheThreshold()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        var findings = Feed(detector, Enumerable.Range(0, 120).Select(i => Completed(Start.AddMilliseconds(i * 400), 0) with
        {
            Kind = UsageEventKind.Rejected,
            Status = 429,
            Rejection = RejectionReason.RequestRate,
        }));

        var spike = Assert.Single(findings, f => f.Detector == DetectorNames.RejectionSpike);
        Assert.Equal(FindingSeverity.Medium, spike.Severity);
        Assert.Equal("60", spike.Evidence["rejections_60s"]);
        Assert.Equal("RequestRate", spike.Evidence["last_reason"]);
    }

    [Fact]
    public void UpstreamErrors_WhenAUsersCallsKeepFailing_OpensOneMediumFinding_AndAFewErrorsDoNot()
    {
        var quiet = new BehaviourDetector(new DetectionOptions());
        var failing = new BehaviourDetector(new DetectionOptions());

        var few = Feed(quiet, Enumerable.Range(0, 29).Select(i => Completed(Start.AddSeconds(i), 100) with { Status = 503 }));
        var many = Feed(failing, Enumerable.Range(0, 40).Select(i => Completed(Start.AddSeconds(i), 100) with { Status = 500 }));

        Assert.DoesNotContain(few, f => f.Detector == DetectorNames.UpstreamErrors);
        var errors = Assert.Single(many, f => f.Detector == DetectorNames.UpstreamErrors);
        Assert.Equal("30", errors.Evidence["errors_60s"]);
    }

    [Fact]
    public void CredentialStuffing_PerKeyId_IsFoundEvenWhenTheFailuresComeFromManyAddresses()
    {
        var detector = new BehaviourDetector(new DetectionOptions());

        // A stolen key id tried with guessed secrets from a botnet: every attempt from another address.
        var findings = Feed(detector, Enumerable.Range(0, 100).Select(i => new UsageEvent
        {
            Kind = UsageEventKind.AuthenticationFailed,
            Time = Start.AddMilliseconds(i * 300),
            RequestId = "auth" + i,
            KeyId = "3f9c0a7e21b4d865",
            ClientIpHash = "ip" + i,
            Status = 401,
        }));

        var byKey = findings.Where(f => f.Detector == DetectorNames.CredentialStuffing && f.SubjectKind == "key").ToList();
        Assert.Equal([FindingSeverity.Medium, FindingSeverity.High], byKey.Select(f => f.Severity));
        Assert.All(byKey, f => Assert.Equal("3f9c0a7e21b4d865", f.Subject));
        Assert.DoesNotContain(findings, f => f.SubjectKind == "client-ip");
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.1, 4)] // P(X ≥ 3) = 1.5e-4 > 1e-4, P(X ≥ 4) = 3.8e-6
    [InlineData(1.0, 7)] // P(X ≥ 6) = 5.9e-4, P(X ≥ 7) = 8.3e-5
    [InlineData(6.0, 18)] // P(X ≥ 17) = 1.7e-4, P(X ≥ 18) = 5.7e-5
    public void PoissonTailQuantile_IsTheSmallestCountWithATailBelowTheBound(double mean, int expected) =>
        Assert.Equal(expected, BehaviourDetector.PoissonTailQuantile(mean, 1e-4));

    [Fact]
    public void PoissonTailQuantile_ForLargeMeans_UsesTheNormalApproximationWithoutUnderflow()
    {
        var k = BehaviourDetector.PoissonTailQuantile(1_000, 1e-4);

        Assert.InRange(k, 1_110, 1_130);
    }

    [Fact]
    public void TrackedUsers_AreCappedByLeastRecentlySeen()
    {
        var detector = new BehaviourDetector(new DetectionOptions { MaxTrackedUsers = 100 });

        Feed(detector, Enumerable.Range(0, 500).Select(i => Completed(Start.AddSeconds(i), 10, user: "user" + i)));

        Assert.Equal(100, detector.TrackedUsers);
        Assert.True(detector.IsTracked("t1", "user499"));
        Assert.False(detector.IsTracked("t1", "user0"));
    }

    [Fact]
    public void SnapshotAndRestore_KeepTheBaselineSoASpikeIsFoundAfterARestart()
    {
        var first = new BehaviourDetector(new DetectionOptions());
        Feed(first, Enumerable.Range(0, 40).Select(m => Completed(Start.AddMinutes(m), 500)));
        var snapshot = first.Snapshot("t1", "u1")!;

        var second = new BehaviourDetector(new DetectionOptions());
        second.Restore("t1", snapshot);
        var spikeStart = Start.AddMinutes(45);
        var findings = Feed(second, Enumerable.Range(0, 30).Select(i => Completed(spikeStart.AddSeconds(i), 2_000)));

        Assert.Contains(findings, f => f.Detector == DetectorNames.TokenVelocity);
    }
}
