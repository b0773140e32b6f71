using System.Globalization;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;

namespace TokenGate.Core.Detection;

/// <summary>
/// Behavioural detectors over usage events, driven purely by event time (no clock): token velocity
/// against the user's own baseline, near-duplicate prompt floods, failed-authentication bursts per
/// client IP and key id, rejection and upstream-error spikes, repeated high screening scores and a
/// slow-burn drain (a steady 60-s cadence far above the user's busy minutes, a 5-minute burn rate, a
/// persistent 30-minute backstop). Per-user state is capped (least recently seen evicted). Not thread-safe: one
/// instance per partition, or a lock around it.
/// </summary>
public sealed class BehaviourDetector
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly DetectionOptions _options;
    private readonly LruMap<string, UserBehaviour> _users;
    private readonly LruMap<string, SlidingSum> _credentials;

    public BehaviourDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _users = new LruMap<string, UserBehaviour>(options.MaxTrackedUsers);
        _credentials = new LruMap<string, SlidingSum>(options.MaxTrackedCredentials);
    }

    /// <summary>Users currently held in memory.</summary>
    public int TrackedUsers => _users.Count;

    /// <summary>Feeds one event; returns the findings it triggers (often none).</summary>
    public IReadOnlyList<DetectionFinding> Observe(UsageEvent usageEvent)
    {
        ArgumentNullException.ThrowIfNull(usageEvent);
        var findings = new List<DetectionFinding>();
        switch (usageEvent.Kind)
        {
            case UsageEventKind.AuthenticationFailed:
                ObserveAuthFailure(usageEvent, "client-ip", usageEvent.ClientIpHash, findings);
                ObserveAuthFailure(usageEvent, "key", usageEvent.KeyId, findings);
                break;
            case UsageEventKind.Completed or UsageEventKind.Rejected when usageEvent.UserId is not null:
                ObserveUser(usageEvent, findings);
                break;
            default:
                break;
        }

        return findings;
    }

    /// <summary>The persistable part of a tracked user's state, or null when not tracked.</summary>
    public UserBehaviourSnapshot? Snapshot(string tenantId, string userId) =>
        _users.TryGet(Key(tenantId, userId), out var user) ? user.Snapshot() : null;

    /// <summary>
    /// Restores a user's baselines and short windows (after a restart or a partition move) unless already
    /// tracked. Events of that user at or before the snapshot's <see cref="UserBehaviourSnapshot.LastSeen"/>
    /// are then treated as already counted, so a batch redelivered to the new owner is not counted twice.
    /// </summary>
    public void Restore(string tenantId, UserBehaviourSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var key = Key(tenantId, snapshot.UserId);
        if (!_users.TryGet(key, out _))
        {
            var user = new UserBehaviour(tenantId, snapshot.UserId) { LastSeen = snapshot.LastSeen, RestoredThrough = snapshot.LastSeen };
            user.Restore(snapshot);
            _users.Set(key, user);
        }
    }

    /// <summary>When a tracked user was last seen (event time), or null: lets a caller decide whether a snapshot is due without building one.</summary>
    public DateTimeOffset? LastSeen(string tenantId, string userId) =>
        _users.TryGet(Key(tenantId, userId), out var user) ? user.LastSeen : null;

    /// <summary>Whether the user is in memory (so a snapshot lookup can be skipped).</summary>
    public bool IsTracked(string tenantId, string userId) => _users.TryGet(Key(tenantId, userId), out _);

    private static string Key(string? tenantId, string userId) => (tenantId ?? string.Empty) + "/" + userId;

    private void ObserveAuthFailure(UsageEvent e, string kind, string? subject, List<DetectionFinding> findings)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return;
        }

        var key = kind + ":" + subject;
        if (!_credentials.TryGet(key, out var window))
        {
            window = new SlidingSum(Minute, _options.AuthFailureHighCount * 4);
            _credentials.Set(key, window);
        }

        window.Add(e.Time, 1);
        var count = window.Count;
        if (count == _options.AuthFailureMediumCount || count == _options.AuthFailureHighCount)
        {
            var high = count >= _options.AuthFailureHighCount;
            findings.Add(new DetectionFinding(
                DetectorNames.CredentialStuffing, kind, subject, e.TenantId, null,
                Score(count, _options.AuthFailureMediumCount), high ? FindingSeverity.High : FindingSeverity.Medium, e.Time,
                Evidence(("failures_60s", count), ("threshold_medium", _options.AuthFailureMediumCount), ("threshold_high", _options.AuthFailureHighCount))));
        }
    }

    private void ObserveUser(UsageEvent e, List<DetectionFinding> findings)
    {
        var key = Key(e.TenantId, e.UserId!);
        if (!_users.TryGet(key, out var user))
        {
            user = new UserBehaviour(e.TenantId ?? string.Empty, e.UserId!);
            _users.Set(key, user);
        }

        // After a restore, events the snapshot already counted (an at-least-once redelivery to the new owner) are skipped.
        if (e.Time <= user.RestoredThrough)
        {
            return;
        }

        user.LastSeen = e.Time > user.LastSeen ? e.Time : user.LastSeen;
        var tokens = e.PromptTokens + e.CompletionTokens;
        if (e.Kind == UsageEventKind.Completed)
        {
            CheckVelocity(user, e, tokens, findings);
            CheckSteadyDrain(user, e, findings);
            CheckBurnRate(user, e, tokens, findings);
            CheckSlowBurn(user, e, tokens, findings);
            if (e.Status >= 500)
            {
                user.UpstreamErrors.Add(e.Time, 1);
                if (user.UpstreamErrors.Count == _options.UpstreamErrorMediumCount)
                {
                    findings.Add(UserFinding(DetectorNames.UpstreamErrors, user, e, FindingSeverity.Medium, Score(user.UpstreamErrors.Count, _options.UpstreamErrorMediumCount),
                        ("errors_60s", user.UpstreamErrors.Count)));
                }
            }
        }
        else
        {
            user.Rejections.Add(e.Time, 1);
            if (user.Rejections.Count == _options.RejectionMediumCount)
            {
                findings.Add(UserFinding(DetectorNames.RejectionSpike, user, e, FindingSeverity.Medium, Score(user.Rejections.Count, _options.RejectionMediumCount),
                    ("rejections_60s", user.Rejections.Count), ("last_reason", e.Rejection.ToString())));
            }
        }

        CheckFlood(user, e, findings);
        CheckInjection(user, e, findings);
    }

    private void CheckVelocity(UserBehaviour user, UsageEvent e, int tokens, List<DetectionFinding> findings)
    {
        var before = user.Tokens.Sum;
        user.Tokens.Add(e.Time, tokens);
        user.MinuteBaseline.Add(e.Time, tokens);
        var sum = user.Tokens.Sum;
        double threshold;
        string basis;
        if (user.MinuteBaseline.ActiveBuckets >= _options.VelocityWarmupMinutes)
        {
            var median = user.MinuteBaseline.Median;
            var robustSigma = 1.4826 * user.MinuteBaseline.Mad;
            // A user's known scripted rate (their own batch jobs) is usual, not a spike.
            var usualSteady = RememberedSteadyRate(user, e.Time) * _options.SteadyRepeatMultiple;
            var busy = user.MinuteBaseline.P90 * _options.VelocityBusyMultiple;
            threshold = Math.Max(Math.Max(median * _options.VelocityMultiple, median + (_options.VelocityRobustZ * robustSigma)), Math.Max(Math.Max(usualSteady, busy), _options.VelocityMinimumTokens));
            basis = FormattableString.Invariant($"median {median:F0}/min, MAD {user.MinuteBaseline.Mad:F0}, p90 {user.MinuteBaseline.P90:F0}/min, usual steady {usualSteady / _options.SteadyRepeatMultiple:F0}/min");
        }
        else
        {
            threshold = _options.VelocityAbsoluteTokens;
            basis = "warm-up: absolute limit";
        }

        // Report on the crossing (and again at three times the threshold), not on every event above it.
        if (Crossed(before, sum, threshold) || Crossed(before, sum, threshold * 3))
        {
            var high = sum >= threshold * 3;
            findings.Add(UserFinding(DetectorNames.TokenVelocity, user, e, high ? FindingSeverity.High : FindingSeverity.Medium, Score(sum, threshold),
                ("tokens_60s", sum), ("threshold", Math.Round(threshold)), ("baseline", basis)));
        }
    }

    // A script draining the budget: calls in the last 60 s at a steady cadence, at a rate far above the user's own busy minutes.
    private void CheckSteadyDrain(UserBehaviour user, UsageEvent e, List<DetectionFinding> findings)
    {
        var window = user.Tokens;
        if (window.Count < _options.SteadyDrainMinCalls || window.SpanSeconds < _options.SteadyDrainMinSpanSeconds)
        {
            user.SteadyDrainActive = false;
            return;
        }

        var cv = window.GapCoefficientOfVariation;
        var steady = cv <= _options.SteadyDrainMaxCadenceCv;
        var rate = window.SumAfterOldest / window.SpanSeconds * 60;
        var usualSteady = RememberedSteadyRate(user, e.Time);
        if (user.MinuteBaseline.ActiveBuckets < _options.VelocityWarmupMinutes)
        {
            // During warm-up the user's jobs are learned, not judged.
            Learn(user, e.Time, steady, rate, usualSteady);
            return;
        }

        var baseline = user.MinuteBaseline.P90;
        var threshold = Math.Max(Math.Max(baseline * _options.SteadyDrainMultiple, usualSteady * _options.SteadyRepeatMultiple), _options.DrainMinimumTokensPerMinute);
        var firing = steady && rate >= threshold;
        if (firing && !user.SteadyDrainActive)
        {
            findings.Add(UserFinding(DetectorNames.SlowBurn, user, e, FindingSeverity.Medium, Score(rate, threshold),
                ("signal", "steady-60s"), ("tokens_per_min", Math.Round(rate)), ("threshold", Math.Round(threshold)),
                ("baseline_p90_active_minute", Math.Round(baseline)), ("usual_steady_per_min", Math.Round(usualSteady)),
                ("calls_60s", window.Count), ("cadence_cv", Math.Round(cv, 3))));
        }

        user.SteadyDrainActive = firing;
        Learn(user, e.Time, steady, rate, usualSteady);
    }

    // Learn after judging: a job seen once is the user's usual next time (a drain, too, once its incident is open).
    private static void Learn(UserBehaviour user, DateTimeOffset time, bool steady, double rate, double usualSteady)
    {
        if (steady && rate > usualSteady)
        {
            user.SteadyPeakRate = rate;
            user.SteadyPeakTime = time;
        }
    }

    private double RememberedSteadyRate(UserBehaviour user, DateTimeOffset now)
    {
        var hours = Math.Max(0, (now - user.SteadyPeakTime).TotalHours);
        return user.SteadyPeakRate * Math.Pow(0.5, hours / _options.SteadyMemoryHours);
    }

    // Multi-window burn rate: five minutes far above the user's busy minutes, whatever the cadence.
    private void CheckBurnRate(UserBehaviour user, UsageEvent e, int tokens, List<DetectionFinding> findings)
    {
        var before = user.TokensFiveMinutes.Sum;
        user.TokensFiveMinutes.Add(e.Time, tokens);
        if (user.MinuteBaseline.ActiveBuckets < _options.VelocityWarmupMinutes)
        {
            return;
        }

        var baseline = user.MinuteBaseline.P90;
        var threshold = 5 * Math.Max(baseline * _options.BurnRateMultiple, _options.DrainMinimumTokensPerMinute);
        if (Crossed(before, user.TokensFiveMinutes.Sum, threshold))
        {
            findings.Add(UserFinding(DetectorNames.SlowBurn, user, e, FindingSeverity.Medium, Score(user.TokensFiveMinutes.Sum, threshold),
                ("signal", "burn-rate-5min"), ("tokens_5min", user.TokensFiveMinutes.Sum), ("threshold", Math.Round(threshold)),
                ("baseline_p90_active_minute", Math.Round(baseline))));
        }
    }

    // The backstop for irregular drains: 30 minutes far above the user's usual, and staying there.
    private void CheckSlowBurn(UserBehaviour user, UsageEvent e, int tokens, List<DetectionFinding> findings)
    {
        user.TokensHalfHour.Add(e.Time, tokens);
        user.TenMinuteBaseline.Add(e.Time, tokens);
        if (user.TenMinuteBaseline.ActiveBuckets < _options.SlowBurnWarmupBlocks)
        {
            return;
        }

        var usualHalfHour = 3 * user.TenMinuteBaseline.Median;
        var busyHalfHour = 3 * user.TenMinuteBaseline.P90;
        var threshold = Math.Max(Math.Max(usualHalfHour * _options.SlowBurnMultiple, busyHalfHour * _options.SlowBurnBusyMultiple), _options.SlowBurnMinimumTokens);
        if (user.TokensHalfHour.Sum < threshold)
        {
            user.SlowBurnAboveSince = null;
            user.SlowBurnReported = false;
            return;
        }

        user.SlowBurnAboveSince ??= e.Time;
        var above = e.Time - user.SlowBurnAboveSince.Value;
        if (!user.SlowBurnReported && above >= TimeSpan.FromMinutes(_options.SlowBurnPersistMinutes))
        {
            user.SlowBurnReported = true;
            findings.Add(UserFinding(DetectorNames.SlowBurn, user, e, FindingSeverity.Medium, Score(user.TokensHalfHour.Sum, threshold),
                ("signal", "sustained-30min"), ("tokens_30min", user.TokensHalfHour.Sum), ("threshold", Math.Round(threshold)),
                ("baseline_usual_30min", Math.Round(usualHalfHour)), ("baseline_busy_30min", Math.Round(busyHalfHour)), ("minutes_above", Math.Round(above.TotalMinutes, 1))));
        }
    }

    private void CheckFlood(UserBehaviour user, UsageEvent e, List<DetectionFinding> findings)
    {
        if (e.PromptSimHash == 0)
        {
            return;
        }

        var near = 0;
        foreach (var (time, hash) in user.Fingerprints)
        {
            if (hash != 0 && e.Time - time < Minute && e.Time >= time && PromptFingerprint.Distance(hash, e.PromptSimHash) <= _options.FloodHammingDistance)
            {
                near++;
            }
        }

        user.Fingerprints[user.FingerprintNext] = (e.Time, e.PromptSimHash);
        user.FingerprintNext = (user.FingerprintNext + 1) % user.Fingerprints.Length;
        if (near == _options.FloodMediumCount || near == _options.FloodHighCount)
        {
            var high = near >= _options.FloodHighCount;
            findings.Add(UserFinding(DetectorNames.PromptFlood, user, e, high ? FindingSeverity.High : FindingSeverity.Medium, Score(near, _options.FloodMediumCount),
                ("near_duplicates_60s", near), ("hamming_distance_max", _options.FloodHammingDistance)));
        }
    }

    private void CheckInjection(UserBehaviour user, UsageEvent e, List<DetectionFinding> findings)
    {
        user.CallsTenMinutes.Add(e.Time, 1);
        // The injection score alone: a Flag or Block verdict may come from the tenant's PII policy (a customer's
        // e-mail address in a support prompt), which says nothing about injection attempts.
        if (e.InjectionScore < _options.InjectionScoreThreshold)
        {
            return;
        }

        user.Suspicious.Add(e.Time, 1);
        var count = user.Suspicious.Count;
        var calls = user.CallsTenMinutes.Sum;
        // The screener flags some benign prompts: a busy user's count must exceed what that rate explains for their volume.
        var explained = PoissonTailQuantile(calls * _options.InjectionBackgroundRate, 1e-4);
        var medium = Math.Max(_options.InjectionMediumCount, explained);
        var high = Math.Max(_options.InjectionHighCount, 2 * medium);
        if (count < medium)
        {
            user.InjectionReported = 0;
            return;
        }

        var level = count >= high ? 2 : 1;
        if (level > user.InjectionReported)
        {
            user.InjectionReported = level;
            findings.Add(UserFinding(DetectorNames.RepeatedInjection, user, e, level == 2 ? FindingSeverity.High : FindingSeverity.Medium, Score(count, medium),
                ("suspicious_10min", count), ("calls_10min", calls), ("threshold", medium), ("last_score", Math.Round(e.InjectionScore, 3)),
                ("last_reasons", string.Join(',', e.ScreeningReasons ?? []))));
        }
    }

    /// <summary>The smallest k with P(X ≥ k) ≤ <paramref name="tail"/> for X ~ Poisson(<paramref name="mean"/>).</summary>
    internal static int PoissonTailQuantile(double mean, double tail)
    {
        if (mean <= 0)
        {
            return 1;
        }

        if (mean > 200)
        {
            // Normal approximation (z for 1e-4 is 3.72), where e^-mean would underflow.
            return (int)Math.Ceiling(mean + (3.72 * Math.Sqrt(mean)) + 0.5);
        }

        // P(X ≥ k) = 1 − Σ_{i<k} P(X = i), the terms built iteratively.
        var term = Math.Exp(-mean);
        var below = 0.0;
        var k = 0;
        while (1 - below > tail)
        {
            below += term;
            term *= mean / (k + 1);
            k++;
        }

        return k;
    }

    private static bool Crossed(double before, double after, double threshold) => before < threshold && after >= threshold;

    private static double Score(double value, double threshold) => Math.Round(Math.Clamp(1 - (0.5 * threshold / Math.Max(value, 1e-9)), 0, 1), 3);

    private static DetectionFinding UserFinding(string detector, UserBehaviour user, UsageEvent e, FindingSeverity severity, double score, params (string Name, object Value)[] evidence) =>
        new(detector, "user", user.UserId, user.TenantId, user.UserId, score, severity, e.Time, Evidence(evidence));

    private static Dictionary<string, string> Evidence(params (string Name, object Value)[] items) =>
        items.ToDictionary(i => i.Name, i => Convert.ToString(i.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
}
