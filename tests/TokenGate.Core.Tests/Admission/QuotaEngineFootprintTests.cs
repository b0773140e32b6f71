using TokenGate.Core.Admission;
using Xunit.Abstractions;
using static TokenGate.Core.Tests.Admission.EngineHarness;

namespace TokenGate.Core.Tests.Admission;

/// <summary>Allocation and memory per user: measured in bytes, never in time.</summary>
[Collection(FootprintCollection.Name)]
public class QuotaEngineFootprintTests(ITestOutputHelper output)
{
    private static readonly Core.Plans.ResolvedLimits Full = Unlimited with
    {
        RequestsPerMinute = 1_000_000,
        TokensPerMinute = 1_000_000_000,
        MaxConcurrentRequests = 8,
        MonthlyTokenBudget = long.MaxValue / 4,
        MonthlyCostBudget = 1_000_000m,
        TenantMonthlyTokenBudget = long.MaxValue / 4,
        Prices = Prices,
        AllowedDeployments = ["gpt-4o"],
    };

    [Fact]
    public void AdmitAndSettle_ForAnExistingUser_AllocateNothing()
    {
        var (engine, time) = Create();
        var request = Request();
        var usage = new TokenUsage(100, 50, CachedPromptTokens: 20);
        for (var i = 0; i < 200; i++)
        {
            engine.Settle(engine.TryAdmit(request, Full).Reservation, usage);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            var decision = engine.TryAdmit(request, Full);
            engine.Settle(decision.Reservation, usage);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"allocated over 1,000 admit+settle: {allocated} B");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void HundredThousandActiveUsers_TakeAtMostOneKilobyteEach()
    {
        const int Users = 100_000;
        var (engine, _) = Create();
        var userIds = Enumerable.Range(0, Users).Select(i => "user-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var usage = new TokenUsage(100, 50);
        var warm = engine.TryAdmit(Request(user: "warm-up"), Full);
        engine.Settle(warm.Reservation, usage);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var id in userIds)
        {
            var decision = engine.TryAdmit(Request(user: id), Full);
            engine.Settle(decision.Reservation, usage);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perUser = (after - before) / (double)Users;
        output.WriteLine($"{Users:N0} users: {(after - before) / 1024.0 / 1024.0:F1} MiB, {perUser:F0} B per user (ids excluded)");
        Assert.Equal(Users + 1, engine.UserCount);
        Assert.True(perUser <= 1024, $"{perUser:F0} B per user");
        GC.KeepAlive(userIds);
    }
}
