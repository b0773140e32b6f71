using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Detection;
using TokenGate.Core.Events;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Cli.Simulation;

/// <summary>
/// Replays benign users (varied rates, token sizes, sessions with pauses, bursts, retries after 429,
/// template batch jobs, typo'd keys) plus injected attacks through the real
/// <see cref="UsageEventProcessor"/> in simulated time, and measures detection latency and false incidents.
/// </summary>
internal sealed class TrafficSimulator(int users, double hours, int seed, double historyHours = 3)
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);
    // Users have been around before the measured window: their baselines and usual jobs are known, as in production.
    private readonly DateTimeOffset _from = Epoch.AddHours(-historyHours);
    private readonly Dictionary<string, string> _profiles = new(StringComparer.Ordinal);
    private long _requestCounter;

    public async Task<SimulationResult> RunAsync(CancellationToken ct)
    {
        var events = new List<UsageEvent>();
        var end = Epoch.AddHours(hours);
        for (var u = 0; u < users; u++)
        {
            GenerateBenignUser("user-" + u, end, events);
        }

        var attackStart = Epoch.AddHours(Math.Max(1.5, hours - 1));
        var scenarios = new List<Scenario>
        {
            TokenSpike("attacker-spike", attackStart, end, events),
            PromptFlood("attacker-flood", attackStart.AddMinutes(5), events),
            CredentialStuffing("ip-stuffer", attackStart.AddMinutes(10), events),
            SlowBurn("attacker-drain", attackStart.AddMinutes(15), end, events, jittered: false),
            SlowBurn("attacker-drain-jittered", attackStart.AddMinutes(20), end, events, jittered: true),
        };

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        var incidents = new InMemoryIncidentSink();
        var processor = new UsageEventProcessor(new InMemoryUserBlocker(), incidents, new InMemoryBehaviourStateStore(), Options.Create(new AbuseDetectionOptions()), NullLogger<UsageEventProcessor>.Instance);
        const int BatchSize = 200;
        for (var i = 0; i < events.Count; i += BatchSize)
        {
            await processor.ProcessAsync(events.GetRange(i, Math.Min(BatchSize, events.Count - i)), ct).ConfigureAwait(false);
        }

        var all = await incidents.ListAsync(new IncidentQuery(Limit: int.MaxValue), ct).ConfigureAwait(false);
        var attackers = scenarios.Select(s => s.Subject).ToHashSet(StringComparer.Ordinal);
        var benignIncidents = all.Where(i => !attackers.Contains(i.Subject)).ToList();
        var falseIncidents = benignIncidents.Where(i => i.DetectedAt >= Epoch).ToList();
        var detections = scenarios
            .Select(s => (s, all.Where(i => i.Subject == s.Subject && i.Detector == s.Detector).Select(i => (TimeSpan?)(i.DetectedAt - s.Start)).Min()))
            .ToList();
        return new SimulationResult(users, users * hours, events.Count, falseIncidents.Count, benignIncidents.Count - falseIncidents.Count,
            falseIncidents.GroupBy(i => i.Detector).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            falseIncidents.Select(i => $"{i.Detector} {i.Severity} {i.Subject} {_profiles.GetValueOrDefault(i.Subject)} at +{(i.DetectedAt - Epoch).TotalMinutes:F0} min: " + string.Join(", ", i.Evidence.Select(e => e.Key + "=" + e.Value))).ToList(), detections);
    }

    private double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Gaussian());

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private UsageEvent Event(string user, DateTimeOffset time, int tokens, ulong simHash, UsageEventKind kind = UsageEventKind.Completed, int status = 200, double score = 0) => new()
    {
        Kind = kind,
        Time = time,
        RequestId = "sim-" + _requestCounter++,
        TenantId = "tenant-" + (user.GetHashCode(StringComparison.Ordinal) & 7),
        UserId = user,
        KeyId = "key-" + user,
        ClientIpHash = "ip-" + user,
        Status = status,
        Rejection = kind == UsageEventKind.Rejected ? RejectionReason.TokenRate : RejectionReason.None,
        PromptTokens = (int)(tokens * 0.7),
        CompletionTokens = tokens - (int)(tokens * 0.7),
        PromptSimHash = simHash,
        InjectionScore = score,
    };

    private void GenerateBenignUser(string user, DateTimeOffset end, List<UsageEvent> events)
    {
        var requestsPerMinute = LogNormal(0.8, 0.9);
        var tokensPerRequest = LogNormal(900, 0.8);
        var template = (ulong)_random.NextInt64();
        var profile = _random.NextDouble();
        if (profile < 0.08)
        {
            // Cron-like automation: a fixed period and steady sizes all day, half of them with a person on the same key too.
            _profiles[user] = "cron";
            GenerateCronJob(user, end, tokensPerRequest, template, events);
            if (_random.NextDouble() < 0.5)
            {
                GenerateInteractive(user, end, requestsPerMinute, tokensPerRequest, events);
            }
        }
        else if (profile < 0.15)
        {
            // Recurring batch jobs (a loop over documents at a steady, latency-driven cadence) beside interactive use.
            _profiles[user] = "batch";
            GenerateBatchJobs(user, end, tokensPerRequest, template, events);
            GenerateInteractive(user, end, requestsPerMinute, tokensPerRequest, events);
        }
        else
        {
            GenerateInteractive(user, end, requestsPerMinute, tokensPerRequest, events);
        }
    }

    private void GenerateInteractive(string user, DateTimeOffset end, double requestsPerMinute, double tokensPerRequest, List<UsageEvent> events)
    {
        var time = _from.AddSeconds(_random.Next(0, 3600));
        while (time < end)
        {
            // A session of activity, then a pause: people work in bursts, not uniformly; some sessions are busy (3x).
            var sessionEnd = time.AddMinutes(LogNormal(25, 0.7));
            var busy = _random.NextDouble() < 0.15 ? 3.0 : 1.0;
            var burstAt = _random.NextDouble() < 0.2 ? time.AddMinutes(_random.NextDouble() * 20) : DateTimeOffset.MaxValue;
            while (time < sessionEnd && time < end)
            {
                time = time.AddSeconds(Math.Max(0.5, -Math.Log(1 - _random.NextDouble()) * 60 / (requestsPerMinute * busy)));
                if (time >= burstAt)
                {
                    time = GenerateBurst(user, time, end, tokensPerRequest, events);
                    burstAt = DateTimeOffset.MaxValue;
                }

                AddInteractiveCall(user, time, tokensPerRequest, events);
            }

            time = sessionEnd.AddMinutes(LogNormal(40, 1.0));
        }
    }

    // A benign burst: a person firing quick follow-ups (irregular gaps, a few seconds to tens of seconds),
    // or a short scripted loop over a handful of items (steady, latency-bound gaps, under a minute).
    private DateTimeOffset GenerateBurst(string user, DateTimeOffset time, DateTimeOffset end, double tokensPerRequest, List<UsageEvent> events)
    {
        var scripted = _random.NextDouble() < 0.5;
        var calls = scripted ? (int)Math.Clamp(LogNormal(6, 0.4), 3, 12) : (int)Math.Clamp(LogNormal(8, 0.5), 3, 30);
        var gap = scripted ? LogNormal(2.5, 0.3) : LogNormal(8, 0.4);
        for (var i = 0; i < calls && time < end; i++)
        {
            time = time.AddSeconds(scripted ? gap * (0.9 + (0.2 * _random.NextDouble())) : Math.Max(0.5, -Math.Log(1 - _random.NextDouble()) * gap));
            AddInteractiveCall(user, time, tokensPerRequest, events);
        }

        return time;
    }

    private void AddInteractiveCall(string user, DateTimeOffset time, double tokensPerRequest, List<UsageEvent> events)
    {
        var tokens = (int)Math.Min(32_000, LogNormal(tokensPerRequest, 0.6));
        // Interactive prompts are unrelated to each other.
        var hash = (ulong)_random.NextInt64();
        var roll = _random.NextDouble();
        if (roll < 0.01)
        {
            events.Add(Event(user, time, 0, hash, UsageEventKind.Rejected, 429));
        }
        else if (roll < 0.012)
        {
            events.Add(Event(user, time, 0, 0, UsageEventKind.AuthenticationFailed, 401) with { UserId = null });
        }
        else
        {
            // Now and then a benign prompt trips the screener (a false flag upstream, not an attack).
            events.Add(Event(user, time, tokens, hash, score: roll > 0.998 ? 0.6 : 0.02));
        }
    }

    private void GenerateCronJob(string user, DateTimeOffset end, double tokensPerRequest, ulong template, List<UsageEvent> events)
    {
        var period = Math.Clamp(LogNormal(60, 0.8), 10, 900);
        var size = tokensPerRequest * 2;
        for (var time = _from.AddSeconds(_random.NextDouble() * period); time < end; time = time.AddSeconds(period * (0.98 + (0.04 * _random.NextDouble()))))
        {
            events.Add(Event(user, time, (int)Math.Min(32_000, LogNormal(size, 0.15)), FlipBits(template, _random.Next(6, 11))));
        }
    }

    private void GenerateBatchJobs(string user, DateTimeOffset end, double tokensPerRequest, ulong template, List<UsageEvent> events)
    {
        var every = LogNormal(60, 0.5);
        var items = LogNormal(60, 0.6);
        var gap = Math.Clamp(LogNormal(4, 0.4), 1, 30);
        var size = tokensPerRequest * 1.5;
        for (var start = _from.AddMinutes(_random.NextDouble() * every); start < end; start = start.AddMinutes(every * (0.9 + (0.2 * _random.NextDouble()))))
        {
            // Template jobs reuse one prompt shape around different documents (6-10 bits from the template).
            var time = start;
            var count = (int)Math.Clamp(items * (0.7 + (0.6 * _random.NextDouble())), 5, 1000);
            for (var i = 0; i < count && time < end; i++)
            {
                events.Add(Event(user, time, (int)Math.Min(32_000, LogNormal(size, 0.3)), FlipBits(template, _random.Next(6, 11))));
                time = time.AddSeconds(gap * (0.92 + (0.16 * _random.NextDouble())));
            }
        }
    }

    private ulong FlipBits(ulong value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            value ^= 1UL << _random.Next(64);
        }

        return value;
    }

    private Scenario TokenSpike(string user, DateTimeOffset start, DateTimeOffset end, List<UsageEvent> events)
    {
        for (var t = _from; t < start; t = t.AddSeconds(40))
        {
            events.Add(Event(user, t, (int)LogNormal(800, 0.3), (ulong)_random.NextInt64()));
        }

        for (var t = start; t < start.AddMinutes(3) && t < end; t = t.AddSeconds(2))
        {
            events.Add(Event(user, t, 6_000, (ulong)_random.NextInt64()));
        }

        return new Scenario("token spike", DetectorNames.TokenVelocity, user, start);
    }

    private Scenario PromptFlood(string user, DateTimeOffset start, List<UsageEvent> events)
    {
        var template = (ulong)_random.NextInt64();
        for (var i = 0; i < 600; i++)
        {
            events.Add(Event(user, start.AddMilliseconds(i * 300), 120, FlipBits(template, 3)));
        }

        return new Scenario("prompt-variation flood", DetectorNames.PromptFlood, user, start);
    }

    private Scenario CredentialStuffing(string ipHash, DateTimeOffset start, List<UsageEvent> events)
    {
        for (var i = 0; i < 1000; i++)
        {
            events.Add(new UsageEvent
            {
                Kind = UsageEventKind.AuthenticationFailed,
                Time = start.AddMilliseconds(i * 200),
                RequestId = "sim-" + _requestCounter++,
                ClientIpHash = ipHash,
                KeyId = "guessed-" + i,
                Status = 401,
            });
        }

        return new Scenario("credential stuffing", DetectorNames.CredentialStuffing, ipHash, start);
    }

    private Scenario SlowBurn(string user, DateTimeOffset start, DateTimeOffset end, List<UsageEvent> events, bool jittered)
    {
        for (var t = _from; t < start; t = t.AddSeconds(60))
        {
            events.Add(Event(user, t, (int)LogNormal(1_000, 0.3), (ulong)_random.NextInt64()));
        }

        // A drain: 8 requests a minute of 2,000 tokens (16x the usual), far below the velocity limit; steady
        // (a script on a timer) or jittered (Poisson gaps, as irregular as a person).
        for (var t = start; t < end; t = t.AddSeconds(jittered ? Math.Max(0.5, -Math.Log(1 - _random.NextDouble()) * 7.5) : 7.5))
        {
            events.Add(Event(user, t, (int)LogNormal(2_000, 0.3), (ulong)_random.NextInt64()));
        }

        return new Scenario(jittered ? "slow-burn, jittered" : "slow-burn drain", DetectorNames.SlowBurn, user, start, Graded: !jittered);
    }
}
