using System.Net;
using TokenGate.Core.Entities;
using TokenGate.Core.Events;
using TokenGate.Gateway.Storage;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>Traffic and the exactly-once checks shared by the outage tests.</summary>
public static class OutageChecks
{
    public static async Task AdvanceAsync(OutageHost host)
    {
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.SyncAsync();
    }

    /// <summary>Creates each tenant (fail-open or not) and a key per user; returns user → raw key.</summary>
    public static async Task<Dictionary<string, string>> SetUpAsync(
        OutageHost host, IEnumerable<(string Tenant, bool FailOpen)> tenants, IEnumerable<(string Tenant, string User)> users)
    {
        foreach (var (tenant, failOpen) in tenants)
        {
            await host.CreateTenantAsync(tenant, failOpen);
        }

        var keys = new Dictionary<string, string>();
        foreach (var (tenant, user) in users)
        {
            keys[user] = await host.CreateUserAsync(tenant, user);
        }

        return keys;
    }

    public static async Task RoundAsync(OutageHost host, Dictionary<string, string> keys, IEnumerable<(string Tenant, string User)> users, HttpStatusCode expected)
    {
        var calls = users.Select(async u =>
        {
            using var response = await host.ChatAsync(keys[u.User], u.User);
            Assert.True(expected == response.StatusCode, $"{u.Tenant}/{u.User}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });
        await Task.WhenAll(calls);
    }

    public static async Task AssertUnavailableAsync(HttpResponseMessage response, string code)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var body = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {body}");
        using var json = System.Text.Json.JsonDocument.Parse(bytes);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
    }

    public static async Task<bool> TotalsMatchAsync(OutageHost host, (string Tenant, string User)[] users)
    {
        try
        {
            await AssertTotalsAsync(host, users);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
        catch (Exception ex) when (StoreFailures.IsOutage(ex))
        {
            return false;
        }
    }

    public static async Task AssertTotalsAsync(OutageHost host, (string Tenant, string User)[] users)
    {
        var ledger = (IUsageLedgerStore)host.Services.GetService(typeof(IUsageLedgerStore))!;
        foreach (var tenant in users.Select(u => u.Tenant).Distinct())
        {
            var members = users.Where(u => u.Tenant == tenant).Select(u => host.Upstream.For(u.User)).ToList();
            var tenantState = await host.ReadCommittedAsync<TenantQuotaState>(TenantQuotaEntity.IdFor(tenant));
            Assert.NotNull(tenantState);
            Assert.Equal(members.Sum(m => m.TotalTokens), tenantState.Ledger.Current.Tokens);
            Assert.Equal(members.Sum(m => (long)m.Calls), tenantState.Ledger.Current.Requests);
        }

        foreach (var (tenant, user) in users)
        {
            var truth = host.Upstream.For(user);
            Assert.True(truth.Calls > 0);
            var state = await host.ReadCommittedAsync<UserQuotaState>(UserQuotaEntity.IdFor(tenant, user));
            Assert.NotNull(state);
            Assert.Equal(OutageHost.Period, state.Ledger.Current.Period);
            Assert.Equal(truth.TotalTokens, state.Ledger.Current.Tokens);
            Assert.Equal(truth.Calls, state.Ledger.Current.Requests);

            var record = await ledger.GetAsync(tenant, user, OutageHost.Period, default);
            Assert.NotNull(record);
            Assert.Equal(truth.PromptTokens, record.PromptTokens);
            Assert.Equal(truth.CompletionTokens, record.CompletionTokens);
            Assert.Equal(truth.Calls, record.Requests);

            var events = host.Events.ByRequestId.Values.Where(e => e.Kind == UsageEventKind.Completed && e.UserId == user).ToList();
            Assert.Equal(truth.Calls, events.Count);
            Assert.Equal(truth.PromptTokens, events.Sum(e => (long)e.PromptTokens));
            Assert.Equal(truth.CompletionTokens, events.Sum(e => (long)e.CompletionTokens));
        }
    }
}
