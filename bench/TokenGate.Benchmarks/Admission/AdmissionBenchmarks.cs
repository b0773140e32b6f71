using BenchmarkDotNet.Attributes;
using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Benchmarks.Admission;

/// <summary>
/// The admission decision without tokenizing: one user whose state exists, every limit kind active
/// (request rate, token rate, concurrency, user token and cost budgets, tenant budget, allowed deployments).
/// Target: under 1 µs and 0 B allocated per decision.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private QuotaEngine _engine = null!;
    private AdmissionRequest _request = null!;
    private AdmissionRequest _throttledRequest = null!;
    private ResolvedLimits _limits = null!;
    private ResolvedLimits _throttledLimits = null!;
    private AdmissionRequest _lastCheckRequest = null!;
    private ResolvedLimits _lastCheckLimits = null!;
    private readonly TokenUsage _usage = new(120, 80, CachedPromptTokens: 40);

    [GlobalSetup]
    public void Setup()
    {
        _engine = new QuotaEngine(TimeProvider.System, new QuotaEngineOptions { EvictionInterval = TimeSpan.Zero });
        var plan = new PlanDefinition
        {
            Name = "bench",
            RequestsPerMinute = int.MaxValue,
            TokensPerMinute = long.MaxValue / 1_000_000,
            MaxConcurrentRequests = 64,
            MonthlyTokenBudget = long.MaxValue / 4,
            MonthlyCostBudget = 1_000_000_000m,
            Prices = new Dictionary<string, ModelPrice> { ["gpt-4o"] = new(2.5m, 1.25m, 10m) },
            AllowedDeployments = ["gpt-4o-mini", "gpt-4o"],
            Priority = 1,
        };
        var tenant = new TenantDefinition { TenantId = "tenant", MonthlyTokenBudget = long.MaxValue / 4 };
        _limits = PolicyResolver.Resolve(plan, null, tenant, 0);
        _throttledLimits = _limits with { RequestsPerMinute = 1 };
        _request = new AdmissionRequest("tenant", "user", "gpt-4o", "gpt-4o", 120, 256);
        _throttledRequest = new AdmissionRequest("tenant", "throttled", "gpt-4o", "gpt-4o", 120, 256);
        _engine.Release(_engine.TryAdmit(_request, _limits).Reservation);
        _engine.TryAdmit(_throttledRequest, _throttledLimits);
        _lastCheckLimits = _limits with { TenantMonthlyCostBudget = 0m };
        _lastCheckRequest = new AdmissionRequest("closed-tenant", "user", "gpt-4o", "gpt-4o", 120, 256);
        _engine.TryAdmit(_lastCheckRequest, _lastCheckLimits);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Admit a call and give the reservation back (the call never reached upstream).</summary>
    [Benchmark(Baseline = true)]
    public bool AdmitAndRelease()
    {
        var decision = _engine.TryAdmit(_request, _limits);
        _engine.Release(decision.Reservation);
        return decision.IsAdmitted;
    }

    /// <summary>Admit a call and settle it with real usage (cost computed, budgets corrected).</summary>
    [Benchmark]
    public long AdmitAndSettle()
    {
        var decision = _engine.TryAdmit(_request, _limits);
        return _engine.Settle(decision.Reservation, _usage).MonthlyTokensRemaining ?? 0;
    }

    /// <summary>A decision that rejects on the request rate (records the rejection for the admin report).</summary>
    [Benchmark]
    public bool RejectedByRequestRate() => _engine.TryAdmit(_throttledRequest, _throttledLimits).IsAdmitted;

    /// <summary>The whole decision without committing: every check passes except the last one (tenant cost budget).</summary>
    [Benchmark]
    public bool RejectedAtLastCheck() => _engine.TryAdmit(_lastCheckRequest, _lastCheckLimits).IsAdmitted;

    /// <summary>The status the success headers are built from.</summary>
    [Benchmark]
    public long? GetStatus() => _engine.GetStatus("tenant", "user", _limits).RemainingTokens;
}
