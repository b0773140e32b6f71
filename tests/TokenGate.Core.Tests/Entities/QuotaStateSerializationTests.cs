using System.Text.Json;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;
using static TokenGate.Core.Tests.Entities.QuotaEntityTestData;

namespace TokenGate.Core.Tests.Entities;

public class QuotaStateSerializationTests
{
    public static TheoryData<string> SerializerFlavours => new() { "default", "web" };

    private static JsonSerializerOptions OptionsFor(string flavour) =>
        flavour == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();

    [Theory]
    [MemberData(nameof(SerializerFlavours))]
    public async Task UserQuotaState_Populated_RoundTripsWithoutLoss(string flavour)
    {
        var entity = NewUser();
        await entity.SettleAsync(Batch("a", 1, tokens: 10, period: "2026-10"));
        await entity.SettleAsync(Batch("a", 3, tokens: 30, period: "2026-11"));
        await entity.SettleAsync(Batch("b", 1, tokens: 5, period: "2026-11", cost: 0.125m));
        await entity.RunAsync(QuotaEntityOperations.Block, new BlockRequest(Start.AddDays(1), "abuse"));
        await entity.RunAsync(QuotaEntityOperations.SetOverrides, new PlanOverrides { MonthlyCostBudget = 9.99m, AllowedDeployments = ["gpt-4o"] });
        await entity.RunAsync(QuotaEntityOperations.ArchivePeriod, "2026-09");
        var options = OptionsFor(flavour);
        var state = entity.State();

        var json = JsonSerializer.Serialize(state, options);
        var again = JsonSerializer.Serialize(JsonSerializer.Deserialize<UserQuotaState>(json, options), options);

        Assert.Equal(json, again);
        var back = JsonSerializer.Deserialize<UserQuotaState>(json, options)!;
        Assert.Equal([3L], back.Ledger.Sources["a"].AppliedAbove);
        Assert.Equal(("2026-11", 35L, 0.155m), (back.Ledger.Current.Period, back.Ledger.Current.Tokens, back.Ledger.Current.Cost));
        Assert.Equal("2026-09", back.Ledger.ClosedThrough);
        Assert.Equal(9.99m, back.Overrides!.MonthlyCostBudget);
    }
}
