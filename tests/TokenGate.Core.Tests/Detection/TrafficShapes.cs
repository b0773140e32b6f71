using TokenGate.Core.Detection;
using TokenGate.Core.Events;

namespace TokenGate.Core.Tests.Detection;

/// <summary>Event streams of known shapes (steady scripts, Poisson people) for the drain detectors' tests.</summary>
internal static class TrafficShapes
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static int _requests;

    public static UsageEvent Completed(DateTimeOffset time, int tokens, string user = "u1", ulong simHash = 0) => new()
    {
        Kind = UsageEventKind.Completed,
        Time = time,
        RequestId = "shape-" + Interlocked.Increment(ref _requests),
        TenantId = "t1",
        UserId = user,
        Status = 200,
        PromptTokens = tokens / 2,
        CompletionTokens = tokens - (tokens / 2),
        PromptSimHash = simHash,
    };

    /// <summary>Calls every <paramref name="period"/> (± <paramref name="jitter"/> of it) of about <paramref name="tokens"/> each (± 20 %).</summary>
    public static IEnumerable<UsageEvent> Steady(Random random, DateTimeOffset from, DateTimeOffset to, TimeSpan period, int tokens, double jitter = 0.02)
    {
        for (var t = from; t < to; t = t.AddSeconds(period.TotalSeconds * (1 - jitter + (2 * jitter * random.NextDouble()))))
        {
            yield return Completed(t, (int)(tokens * (0.8 + (0.4 * random.NextDouble()))), simHash: (ulong)random.NextInt64());
        }
    }

    /// <summary>Poisson arrivals at <paramref name="perMinute"/> with log-normal sizes around <paramref name="tokens"/>: how people use a chat.</summary>
    public static IEnumerable<UsageEvent> Poisson(Random random, DateTimeOffset from, DateTimeOffset to, double perMinute, int tokens)
    {
        var t = from;
        while (true)
        {
            t = t.AddSeconds(-Math.Log(1 - random.NextDouble()) * 60 / perMinute);
            if (t >= to)
            {
                yield break;
            }

            var size = tokens * Math.Exp(0.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            yield return Completed(t, (int)Math.Max(1, size), simHash: (ulong)random.NextInt64());
        }
    }

    public static List<DetectionFinding> Feed(BehaviourDetector detector, IEnumerable<UsageEvent> events) =>
        events.SelectMany(detector.Observe).ToList();

    public static IEnumerable<DetectionFinding> SlowBurn(this IEnumerable<DetectionFinding> findings, string? signal = null) =>
        findings.Where(f => f.Detector == DetectorNames.SlowBurn && (signal is null || f.Evidence["signal"] == signal));
}
