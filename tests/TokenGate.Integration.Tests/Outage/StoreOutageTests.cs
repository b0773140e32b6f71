using System.Net;
using TokenGate.Core.Entities;
using TokenGate.Core.Events;
using TokenGate.Gateway.Storage;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>
/// The whole pipeline while its Table storage (stores and entity state, one Azurite) dies and comes back:
/// served from the last view for <c>StaleAfter</c>, then 503 for fail-closed tenants only, then recovery with
/// every settlement counted exactly once in the entities, the usage ledger and the usage events.
/// </summary>
public sealed class StoreOutageTests
{
    private static readonly (string Tenant, string User)[] Users =
    [
        ("closed", "ana"), ("closed", "ben"), ("open", "cho"), ("open", "dev"),
    ];

    [Fact]
    public async Task StorageDiesMidRun_ServesFromLastViewThenFailsClosedPerTenant_AndRecoversWithEverySettlementOnce()
    {
        await using var host = await OutageHost.StartAsync();
        await host.CreateTenantAsync("closed", failOpen: false);
        await host.CreateTenantAsync("open", failOpen: true);
        var keys = new Dictionary<string, string>();
        foreach (var (tenant, user) in Users)
        {
            keys[user] = await host.CreateUserAsync(tenant, user);
        }

        var neverUsedKey = await host.CreateUserAsync("closed", "eve"); // in the store, never looked up before the outage
        Assert.IsType<Gateway.Entities.TableEntityStateStore>(host.Services.GetService(typeof(Gateway.Entities.IEntityStateStore)));
        Assert.True(await host.SyncAsync());

        // Steady traffic with the store up.
        await RoundAsync(host, keys, Users, HttpStatusCode.OK);
        await RoundAsync(host, keys, Users, HttpStatusCode.OK);
        Assert.True(await host.SyncAsync());

        // Storage dies.
        host.Azurite.Stop();
        await RoundAsync(host, keys, Users, HttpStatusCode.OK);
        await OutageHost.UntilAsync("a refresh round fails against the dead store", async () => !await host.SyncAsync());

        // Within StaleAfter: every tenant is served from the last view, past the key/directory cache lifetime too.
        var grace = OutageHost.StaleAfter - TimeSpan.FromSeconds(1);
        for (var elapsed = TimeSpan.Zero; elapsed < grace; elapsed += TimeSpan.FromSeconds(1))
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(await host.SyncAsync());
            await RoundAsync(host, keys, Users, HttpStatusCode.OK);
        }

        Assert.True(grace > OutageHost.DirectoryCacheDuration);

        // Past StaleAfter: the fail-closed tenant gets 503 quota_state_unavailable, the fail-open tenant is served.
        host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await host.SyncAsync());
        foreach (var (tenant, user) in Users)
        {
            using var response = await host.ChatAsync(keys[user], user);
            if (tenant == "closed")
            {
                await AssertUnavailableAsync(response, "quota_state_unavailable");
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        // A key the gateway has never seen cannot be checked: 503, not 401 (an outage must not look like a bad key).
        using (var response = await host.ChatAsync(neverUsedKey, "eve"))
        {
            await AssertUnavailableAsync(response, "store_unavailable");
        }

        var forged = TokenGate.Core.Keys.ApiKeyFactory.Create().Key; // well-formed, never stored
        using (var response = await host.ChatAsync(forged, "mallory"))
        {
            await AssertUnavailableAsync(response, "store_unavailable");
        }

        // Storage returns: admission recovers by itself (no gateway restart).
        await host.Azurite.RestartAsync();
        await OutageHost.UntilAsync(
            "every batch is confirmed against the restarted store",
            async () => await host.SyncAsync() && host.Synchronizer.PendingBatchCount() == 0,
            () => AdvanceAsync(host));
        await RoundAsync(host, keys, Users, HttpStatusCode.OK);
        using (var response = await host.ChatAsync(neverUsedKey, "eve"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await host.ChatAsync(forged, "mallory"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Every settlement, before, during and after the outage, reaches the entities, the ledger and the event stream once.
        var all = Users.Append(("closed", "eve")).ToArray();
        await OutageHost.UntilAsync(
            "entities, ledger and usage events match what the upstream returned",
            () => TotalsMatchAsync(host, all),
            () => AdvanceAsync(host));
        await AssertTotalsAsync(host, all);
    }

    private static async Task AdvanceAsync(OutageHost host)
    {
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.SyncAsync();
    }

    private static async Task RoundAsync(OutageHost host, Dictionary<string, string> keys, IEnumerable<(string Tenant, string User)> users, HttpStatusCode expected)
    {
        var calls = users.Select(async u =>
        {
            using var response = await host.ChatAsync(keys[u.User], u.User);
            Assert.True(expected == response.StatusCode, $"{u.Tenant}/{u.User}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });
        await Task.WhenAll(calls);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string code)
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

    private static async Task<bool> TotalsMatchAsync(OutageHost host, (string Tenant, string User)[] users)
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

    private static async Task AssertTotalsAsync(OutageHost host, (string Tenant, string User)[] users)
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
