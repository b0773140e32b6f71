using System.Net;
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
            await host.CreateTenantAsync("slowa", failOpen: false);
            await host.CreateTenantAsync("slowb", failOpen: false);
            var keys = new Dictionary<string, string>();
            foreach (var (tenant, user) in Users)
            {
                keys[user] = await host.CreateUserAsync(tenant, user);
            }

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
}
