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
internal sealed class TrafficSimulator(int users, double hours, int seed)
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);
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
            SlowBurn("attacker-drain", attackStart.AddMinutes(15), end, events),
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
        var falseIncidents = all.Where(i => !attackers.Contains(i.Subject)).ToList();
        var detections = scenarios
            .Select(s => (s, all.Where(i => i.Subject == s.Subject && i.Detector == s.Detector).Select(i => (TimeSpan?)(i.DetectedAt - s.Start)).Min()))
            .ToList();
        return new SimulationResult(users, users * hours, events.Count, falseIncidents.Count,
            falseIncidents.GroupBy(i => i.Detector).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            falseIncidents.Select(i => $"{i.Detector} {i.Severity}: " + string.Join(", ", i.Evidence.Select(e => e.Key + "=" + e.Value))).ToList(), detections);
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
        var batchJob = _random.NextDouble() < 0.05;
        var template = (ulong)_random.NextInt64();
        var time = Epoch.AddSeconds(_random.Next(0, 3600));
        while (time < end)
        {
            // A session of activity, then a pause: people work in bursts, not uniformly.
            var sessionEnd = time.AddMinutes(LogNormal(25, 0.7));
            var burst = _random.NextDouble() < 0.15 ? 3.0 : 1.0;
            while (time < sessionEnd && time < end)
            {
                var rate = requestsPerMinute * burst * (batchJob ? 4 : 1);
                time = time.AddSeconds(Math.Max(0.5, -Math.Log(1 - _random.NextDouble()) * 60 / rate));
                var tokens = (int)Math.Min(32_000, LogNormal(tokensPerRequest, 0.6));
                // Template jobs reuse one prompt shape around different documents (6-10 bits from the template);
                // interactive prompts are unrelated to each other.
                var hash = batchJob ? FlipBits(template, _random.Next(6, 11)) : (ulong)_random.NextInt64();
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

            time = sessionEnd.AddMinutes(LogNormal(40, 1.0));
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
        for (var t = Epoch; t < start; t = t.AddSeconds(40))
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

    private Scenario SlowBurn(string user, DateTimeOffset start, DateTimeOffset end, List<UsageEvent> events)
    {
        for (var t = Epoch; t < start; t = t.AddSeconds(60))
        {
            events.Add(Event(user, t, (int)LogNormal(1_000, 0.3), (ulong)_random.NextInt64()));
        }

        // A steady drain: 8 requests a minute of 2,000 tokens (16x the usual), far below the velocity limit.
        for (var t = start; t < end; t = t.AddSeconds(7.5))
        {
            events.Add(Event(user, t, (int)LogNormal(2_000, 0.3), (ulong)_random.NextInt64()));
        }

        return new Scenario("slow-burn drain", DetectorNames.SlowBurn, user, start);
    }
}
