using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Core.Tests.Admission;

/// <summary>Builds engines on a fake clock, requests and limits with test defaults.</summary>
internal static class EngineHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, ModelPrice> Prices =
        new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase) { ["gpt-4o"] = new(2.5m, 1.25m, 10m) };

    public static readonly ResolvedLimits Unlimited = new() { PlanName = "test" };

    public static (QuotaEngine Engine, FakeTimeProvider Time) Create(QuotaEngineOptions? options = null, ISettlementObserver? observer = null)
    {
        var time = new FakeTimeProvider(Start);
        options ??= new QuotaEngineOptions { EvictionInterval = TimeSpan.Zero };
        return (new QuotaEngine(time, options, observer), time);
    }

    public static AdmissionRequest Request(int prompt = 100, int maxOutput = 100, int choices = 1, string user = "u1", string tenant = "t1", string deployment = "gpt-4o")
        => new(tenant, user, deployment, "gpt-4o", prompt, maxOutput, choices);
}

internal sealed class RecordingObserver : ISettlementObserver
{
    public ConcurrentQueue<SettledUsage> Settled { get; } = new();

    public void OnSettled(in SettledUsage usage) => Settled.Enqueue(usage);
}
