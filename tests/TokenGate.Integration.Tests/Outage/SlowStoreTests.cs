using System.Net;
using TokenGate.Gateway.Pipeline;
using Xunit.Abstractions;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>
/// A slow store (every Table call parked, not failing): admission does not wait for it. Proved structurally:
/// calls complete while the entity, ledger and state writes they caused are still held in the Table pipeline.
/// </summary>
public sealed class SlowStoreTests(ITestOutputHelper output)
{
    private static readonly (string Tenant, string User)[] Users =
    [
        ("slowa", "fay"), ("slowa", "gus"), ("slowb", "hal"),
    ];

    [Fact]
    public async Task StoreCallsHeld_CallsAreAdmittedAndAnsweredWithoutWaitingForThem_AndSettleOnceReleased()
    {
        await using var host = await OutageHost.StartAsync();
        await host.RunAsync(output, async () =>
        {
            var keys = await OutageChecks.SetUpAsync(host, [("slowa", false), ("slowb", false)], Users);

            Assert.True(await host.SyncAsync());
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK); // keys and policies are now cached
            Assert.True(await host.SyncAsync());

            // From now on every Table call (entity state, ledger, keys, directory) is parked until released.
            host.StorePolicy.Hold();
            await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            var flush = host.Synchronizer.FlushAsync(); // signals the entities, whose state writes now hang in the store
            await OutageHost.UntilAsync("the entity writes and ledger adds are held in the store", () => Task.FromResult(host.StorePolicy.Waiting >= 2));

            for (var round = 0; round < 5; round++)
            {
                await OutageChecks.RoundAsync(host, keys, Users, HttpStatusCode.OK);
            }

            // Every call above completed while the store calls they caused were still parked: admission never waited on storage.
            Assert.True(host.StorePolicy.Waiting >= 2, $"store calls still held: {host.StorePolicy.Waiting}");
            var refresh = host.Synchronizer.RefreshAsync();
            await flush;

            host.StorePolicy.Release();
            await refresh;
            await OutageHost.UntilAsync(
                "entities, ledger and usage events match what the upstream returned",
                () => OutageChecks.TotalsMatchAsync(host, Users),
                () => OutageChecks.AdvanceAsync(host));
            await OutageChecks.AssertTotalsAsync(host, Users);
        });
    }

    [Fact]
    public async Task StoreCallsHeldPastStaleAfter_TheInProcessEntityBackendKeepsTheViewFresh_SoNoTenantIsRefused()
    {
        // Keys and policies stay cached through the slow spell, so what is judged is the quota view alone.
        await using var host = await OutageHost.StartAsync(directoryCacheDuration: TimeSpan.FromMinutes(10));
        (string Tenant, string User)[] users = [("slowshut", "ida"), ("slowopen", "jon")];
        await host.RunAsync(output, async () =>
        {
            var keys = await OutageChecks.SetUpAsync(host, [("slowshut", false), ("slowopen", true)], users);
            var neverUsedKey = await host.CreateUserAsync("slowshut", "kim"); // in the store, not in the cache

            Assert.True(await host.SyncAsync());
            await OutageChecks.RoundAsync(host, keys, users, HttpStatusCode.OK);
            Assert.True(await host.SyncAsync());
            await host.EntitiesIdleAsync(); // the entities are loaded into the backend's memory before the store stops

            // The store stops answering (calls hang, nothing fails), well past StaleAfter. The Standalone host's entity
            // backend holds entity state in memory and persists it behind: refreshes keep succeeding from it, so even the
            // fail-closed tenant is served (the 503 path is for entity reads that fail: StoreOutageTests).
            host.StorePolicy.Hold();
            await OutageChecks.RoundAsync(host, keys, users, HttpStatusCode.OK);
            var flush = host.Synchronizer.FlushAsync();
            for (var second = 0; second < OutageHost.StaleAfter.TotalSeconds + 5; second++)
            {
                host.Time.Advance(TimeSpan.FromSeconds(1));
                // Bounded so a read that does reach the parked store fails the test instead of hanging it.
                Assert.True(
                    await host.Synchronizer.RefreshAsync().WaitAsync(TimeSpan.FromSeconds(30)),
                    "entity reads come from the in-process backend, not the parked store");
            }

            await OutageChecks.RoundAsync(host, keys, users, HttpStatusCode.OK);
            Assert.True(host.StorePolicy.Waiting >= 1, "the store calls are still parked: nothing above waited for them");

            // A key the cache has never seen needs the parked store: the call waits LookupTimeout, then 503, never 401.
            // The clock moves a second at a time once the request had a chance to reach its wait; it cannot answer
            // before LookupTimeout has passed on that clock.
            var lookupTimeout = new GatewayOptions().LookupTimeout;
            var lookup = host.ChatAsync(neverUsedKey, "kim");
            var waited = TimeSpan.Zero;
            while (await Task.WhenAny(lookup, Task.Delay(100)) != lookup)
            {
                Assert.True(waited < lookupTimeout * 4, "no answer long after the lookup timeout");
                host.Time.Advance(TimeSpan.FromSeconds(1));
                waited += TimeSpan.FromSeconds(1);
            }

            Assert.True(waited >= lookupTimeout, $"answered after {waited}, before the lookup timeout");
            using (var response = await lookup)
            {
                await OutageChecks.AssertUnavailableAsync(response, "store_unavailable");
            }

            // The store answers again: every settlement made meanwhile is persisted and counted once.
            host.StorePolicy.Release();
            await flush;
            await OutageHost.UntilAsync(
                "every batch is confirmed against the store",
                async () => await host.SyncAsync() && host.Synchronizer.PendingBatchCount() == 0,
                () => OutageChecks.AdvanceAsync(host));
            await OutageChecks.RoundAsync(host, keys, users, HttpStatusCode.OK);
            await OutageHost.UntilAsync(
                "entities, ledger and usage events match what the upstream returned",
                () => OutageChecks.TotalsMatchAsync(host, users),
                () => OutageChecks.AdvanceAsync(host));
            await OutageChecks.AssertTotalsAsync(host, users);
            using (var response = await host.ChatAsync(neverUsedKey, "kim"))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
    }
}
