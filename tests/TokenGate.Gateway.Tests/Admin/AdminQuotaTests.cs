using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Tests.Admin;

public sealed class AdminQuotaTests
{
    private static readonly PlanDefinition Basic = new() { Name = "basic", RequestsPerMinute = 2, TokensPerMinute = 100_000, MonthlyTokenBudget = 1000 };

    [Fact]
    public async Task Quota_AfterAdmittedAndRejectedCalls_ExplainsLimitsRemainingBudgetAndRejections()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var first = Admit(host);
        host.Engine.Settle(first.Reservation, new TokenUsage(100, 50, 0));
        Assert.True(Admit(host).IsAdmitted);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var rejected = Admit(host);

        var quota = await host.GetJsonAsync("/admin/tenants/acme/users/alice/quota");

        Assert.Equal(RejectionReason.RequestRate, rejected.Reason);
        Assert.Equal("basic", quota.GetProperty("plan").GetString());
        Assert.Equal(2, quota.GetProperty("limits").GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(1000, quota.GetProperty("limits").GetProperty("monthlyTokenBudget").GetInt64());
        Assert.Equal(0, quota.GetProperty("requests").GetProperty("remaining").GetInt64());
        var budget = quota.GetProperty("budget");
        Assert.Equal("2026-11", budget.GetProperty("period").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), budget.GetProperty("resetsAt").GetDateTimeOffset());
        Assert.Equal(150 + 200, budget.GetProperty("tokensUsed").GetInt64());
        Assert.Equal(1000 - 350, budget.GetProperty("tokensRemaining").GetInt64());
        var rejection = quota.GetProperty("recentRejections")[0];
        Assert.Equal("requestRate", rejection.GetProperty("reason").GetString());
        Assert.Equal(host.Time.GetUtcNow(), rejection.GetProperty("at").GetDateTimeOffset());
        Assert.True(rejection.GetProperty("retryAfterSeconds").GetDouble() > 0);
        Assert.Contains("per-minute", quota.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quota_ReflectsUserOverridesAndTenantBudget()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        (await host.PutAsync("/admin/tenants/acme", """{"defaultPlan":"basic","monthlyTokenBudget":9999,"timeZone":"UTC"}""")).EnsureSuccessStatusCode();
        (await host.PutAsync("/admin/tenants/acme/users/alice", """{"plan":"basic","overrides":{"requestsPerMinute":7}}""")).EnsureSuccessStatusCode();

        var limits = (await host.GetJsonAsync("/admin/tenants/acme/users/alice/quota")).GetProperty("limits");

        Assert.Equal(7, limits.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(9999, limits.GetProperty("tenantMonthlyTokenBudget").GetInt64());
    }

    [Fact]
    public async Task Quota_ForUnknownTenantAndUser_Is404()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/admin/tenants/nobody/users/ghost/quota");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Quota_WhenPlanMissing_SaysSoInsteadOfFailing()
    {
        await using var host = await AdminTestHost.StartAsync();
        (await host.PutAsync("/admin/tenants/acme", "{}")).EnsureSuccessStatusCode();

        var quota = await host.GetJsonAsync("/admin/tenants/acme/users/alice/quota");

        Assert.False(quota.GetProperty("planExists").GetBoolean());
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("limits").ValueKind);
    }

    [Fact]
    public async Task Block_RejectsOnThisInstanceAtOnce_AndReachesTheEntity()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var until = host.Time.GetUtcNow().AddHours(2);

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/block", $$"""{"until":"{{until:O}}","reason":"abuse review"}""");
        var decision = Admit(host);
        await host.Entities.PumpAsync();
        var entity = host.Entities.GetState<UserQuotaState>(UserQuotaEntity.IdFor("acme", "alice"));
        var quota = await host.GetJsonAsync("/admin/tenants/acme/users/alice/quota");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("propagated").GetBoolean());
        Assert.Equal(RejectionReason.Blocked, decision.Reason);
        Assert.Equal("abuse review", decision.BlockReason);
        Assert.Equal(until, entity!.BlockedUntil);
        Assert.Equal("abuse review", entity.BlockReason);
        Assert.Equal(until, quota.GetProperty("block").GetProperty("until").GetDateTimeOffset());
        Assert.Equal("abuse review", quota.GetProperty("block").GetProperty("reason").GetString());
        Assert.Equal("entity", quota.GetProperty("block").GetProperty("source").GetString());
        Assert.Equal("abuse review", quota.GetProperty("entity").GetProperty("blockReason").GetString());
    }

    [Fact]
    public async Task Unblock_AdmitsAgainAndClearsTheEntityBlock()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var until = host.Time.GetUtcNow().AddHours(2);
        (await host.PostAsync("/admin/tenants/acme/users/alice/block", $$"""{"until":"{{until:O}}","reason":"x"}""")).EnsureSuccessStatusCode();
        await host.Entities.PumpAsync();

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/unblock");
        await host.Entities.PumpAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Admit(host).IsAdmitted);
        Assert.Null(host.Entities.GetState<UserQuotaState>(UserQuotaEntity.IdFor("acme", "alice"))!.BlockedUntil);
    }

    [Fact]
    public async Task Reset_GivesTheBudgetAndRateBackOnThisInstance()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        host.Engine.Settle(Admit(host).Reservation, new TokenUsage(400, 0, 0));
        host.Engine.Settle(Admit(host).Reservation, new TokenUsage(400, 0, 0));
        Assert.False(Admit(host).IsAdmitted);

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/reset");
        var quota = await host.GetJsonAsync("/admin/tenants/acme/users/alice/quota");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, quota.GetProperty("budget").GetProperty("tokensRemaining").GetInt64());
        Assert.True(Admit(host).IsAdmitted);
        Assert.Contains(host.Entities.Pending, p => p.Operation == QuotaEntityOperations.Reset);
    }

    [Theory]
    [InlineData("""{"reason":"x"}""", "until")]
    [InlineData("""{"until":"2020-01-01T00:00:00Z","reason":"x"}""", "until")]
    [InlineData("""{"until":"2030-01-01T00:00:00Z","reason":"x"}""", "until")]
    [InlineData("""{"until":"tomorrow","reason":"x"}""", "until")]
    [InlineData("""{"until":"2026-11-11T00:00:00Z"}""", "reason")]
    [InlineData("""{"until":"2026-11-11T00:00:00Z","reason":"   "}""", "reason")]
    public async Task Block_WithInvalidBody_Is400AndBlocksNothing(string body, string param)
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/block", body);

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param);
        Assert.True(Admit(host).IsAdmitted);
        Assert.Equal(0, host.Entities.PendingCount);
    }

    [Fact]
    public async Task Block_WithTooLongReason_Is400()
    {
        await using var host = await AdminTestHost.StartAsync();
        var until = host.Time.GetUtcNow().AddHours(1);

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/block", $$"""{"until":"{{until:O}}","reason":"{{new string('r', 257)}}"}""");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "reason");
    }

    private static AdmissionDecision Admit(AdminTestHost host) =>
        host.Engine.TryAdmit(new AdmissionRequest("acme", "alice", "gpt-4o", "gpt-4o", 100, 100), PolicyResolver.Resolve(Basic, null, null, 0));
}
