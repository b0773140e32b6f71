using TokenGate.Core.Admission;
using TokenGate.Core.Protocol;

namespace TokenGate.Core.Tests.Protocol;

public class QuotaHeadersTests
{
    private static readonly QuotaStatus Status = new(
        60, 59, TimeSpan.FromSeconds(1), 150_000, 149_000, TimeSpan.FromMilliseconds(400),
        1_000_000, 600_000, 25m, 12.5m, "2026-11", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void For_AFullStatus_WritesRateLimitAndBudgetHeaders()
    {
        var headers = QuotaHeaders.For(Status).ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal("60", headers["x-ratelimit-limit-requests"]);
        Assert.Equal("59", headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("1s", headers["x-ratelimit-reset-requests"]);
        Assert.Equal("150000", headers["x-ratelimit-limit-tokens"]);
        Assert.Equal("149000", headers["x-ratelimit-remaining-tokens"]);
        Assert.Equal("400ms", headers["x-ratelimit-reset-tokens"]);
        Assert.Equal("1000000", headers["x-tokengate-budget-limit-tokens"]);
        Assert.Equal("600000", headers["x-tokengate-budget-remaining-tokens"]);
        Assert.Equal("25", headers["x-tokengate-budget-limit-cost"]);
        Assert.Equal("12.5", headers["x-tokengate-budget-remaining-cost"]);
        Assert.Equal("2026-12-01T00:00:00Z", headers["x-tokengate-budget-reset"]);
        Assert.Equal("2026-11", headers["x-tokengate-budget-period"]);
    }

    [Fact]
    public void For_UnlimitedStatus_WritesNoHeaders()
    {
        var status = new QuotaStatus(null, null, default, null, null, default, null, null, null, null, "2026-11", default);

        Assert.Empty(QuotaHeaders.For(status));
    }

    [Fact]
    public void For_TokenBudgetOnly_OmitsCostHeaders()
    {
        var headers = QuotaHeaders.For(Status with { MonthlyCostBudget = null, MonthlyCostRemaining = null, RequestLimit = null });

        Assert.DoesNotContain(headers, h => h.Key.Contains("cost", StringComparison.Ordinal));
        Assert.DoesNotContain(headers, h => h.Key.EndsWith("-requests", StringComparison.Ordinal));
        Assert.Contains(headers, h => h.Key == "x-tokengate-budget-reset");
    }
}
