using System.Net;
using Xunit.Abstractions;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>
/// The whole pipeline while its Table storage (stores and entity state, one Azurite) dies and comes back:
/// served from the last view for <c>StaleAfter</c>, then 503 for fail-closed tenants only, then recovery with
/// every settlement counted exactly once in the entities, the usage ledger and the usage events.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F2}s {what}");

    private static readonly (string Tenant, string User)[] Users =
    [
        ("closed", "ana"), ("closed", "ben"), ("open", "cho"), ("open", "dev"),
    ];

    [Fact]
    public async Task StorageDiesMidRun_ServesFromLastViewThenFailsClosedPerTenant_AndRecoversWithEverySettlementOnce()
    {
        await using var host = await OutageHost.StartAsync();
        Step("started");
        await host.RunAsync(output, async () =>
        {
            var keys = await OutageChecks.SetUpAsync(host, [("closed", false), ("open", true)], Users);

            var neverUsedKey = await host.CreateUserAsync("closed", "eve"); // in the store, never looked up before the outage
            Assert.IsType<Gateway.Entities.TableEntityStateStore>(host.Services.GetService(typeof(Gateway.Entities.IEntityStateStore)));
            Assert.True(await host.SyncAsync());

            // Steady traffic with the store up.
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            Assert.True(await host.SyncAsync());

            Step("before stop");
            // Storage dies.
            host.Azurite.Stop();
            Step("stopped");
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            await OutageHost.UntilAsync("a refresh round fails against the dead store", async () => !await host.SyncAsync());

            // Within StaleAfter: every tenant is served from the last view, past the key/directory cache lifetime too.
            var grace = OutageHost.StaleAfter - TimeSpan.FromSeconds(1);
            for (var elapsed = TimeSpan.Zero; elapsed < grace; elapsed += TimeSpan.FromSeconds(1))
            {
                host.Time.Advance(TimeSpan.FromSeconds(1));
                Assert.False(await host.SyncAsync());
                await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            }

            Assert.True(grace > OutageHost.DirectoryCacheDuration);

            Step("grace done");
            // Past StaleAfter: the fail-closed tenant gets 503 quota_state_unavailable, the fail-open tenant is served.
            host.Time.Advance(TimeSpan.FromSeconds(2));
            Assert.False(await host.SyncAsync());
            foreach (var (tenant, user) in Users)
            {
                using var response = await host.ChatAsync(keys[user], user);
                if (tenant == "closed")
                {
                    await OutageChecks.AssertUnavailableAsync(response, "quota_state_unavailable");
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            // A key the gateway has never seen cannot be checked: 503, not 401 (an outage must not look like a bad key).
            using (var response = await host.ChatAsync(neverUsedKey, "eve"))
            {
                await OutageChecks.AssertUnavailableAsync(response, "store_unavailable");
            }

            var forged = TokenGate.Core.Keys.ApiKeyFactory.Create().Key; // well-formed, never stored
            using (var response = await host.ChatAsync(forged, "mallory"))
            {
                await OutageChecks.AssertUnavailableAsync(response, "store_unavailable");
            }

            Step("unavailable checked");
            // Storage returns: admission recovers by itself (no gateway restart).
            await host.Azurite.RestartAsync();
            await OutageHost.UntilAsync(
                "every batch is confirmed against the restarted store",
                async () => await host.SyncAsync() && host.Synchronizer.PendingBatchCount() == 0,
                () => OutageChecks.AdvanceAsync(host));
            Step("recovered");
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
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
                () => OutageChecks.TotalsMatchAsync(host, all),
                () => OutageChecks.AdvanceAsync(host));
            Step("totals");
            await OutageChecks.AssertTotalsAsync(host, all);
        });
    }
}
