using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Detection;
using TokenGate.Gateway.Abuse;
using TableBehaviourStateStore = TokenGate.Gateway.Storage.TableBehaviourStateStore;
using TokenGate.Gateway.Tests.Storage;
using TokenGate.Testing;
using static TokenGate.Gateway.Tests.Abuse.UsageEvents;

namespace TokenGate.Gateway.Tests.Abuse;

/// <summary>
/// Two processors standing for two Functions instances: A is discarded (restart, or its Event Hubs partition
/// moved away) and B carries on with the same table-backed state store on Azurite, the same incident table and
/// the same entities.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class UsageEventProcessorRestartTests(AzuriteFixture azurite)
{
    private readonly InMemoryUserBlocker _blocker = new();
    private readonly InMemoryIncidentSink _incidents = new();
    private readonly TableBehaviourStateStore _tableStore = new(new TableServiceClient(azurite.ConnectionString), TestIds.TablePrefix());

    private UsageEventProcessor Instance(IBehaviourStateStore store) =>
        new(_blocker, _incidents, store, Options.Create(new AbuseDetectionOptions()), NullLogger<UsageEventProcessor>.Instance);

    [Fact]
    public async Task Process_AfterAMoveToAFreshInstance_JudgesTheSpikeAgainstTheBaselineLearnedOnTheFirst()
    {
        var a = Instance(_tableStore);
        foreach (var batch in Steady("steady", 0, 25).InBatchesOf(10))
        {
            await a.ProcessAsync(batch, default);
        }

        var spike = Spike("steady", TimeSpan.FromMinutes(25), 40);
        await a.ProcessAsync(spike[..10], default);
        Assert.Empty(await _incidents.ListAsync(new IncidentQuery(), default));

        var b = Instance(_tableStore);
        foreach (var batch in spike[10..].InBatchesOf(10))
        {
            await b.ProcessAsync(batch, default);
        }

        var incident = Assert.Single(await _incidents.ListAsync(new IncidentQuery(), default));
        Assert.Equal(DetectorNames.TokenVelocity, incident.Detector);
        Assert.Equal("steady", incident.UserId);
        Assert.StartsWith("median 1000/min", incident.Evidence["baseline"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SameSpikeOnAnInstanceWithoutSavedState_IsJudgedAsANewUser()
    {
        var fresh = Instance(new InMemoryBehaviourStateStore());

        foreach (var batch in Spike("steady", TimeSpan.FromMinutes(25), 40)[10..].InBatchesOf(10))
        {
            await fresh.ProcessAsync(batch, default);
        }

        Assert.Empty(await _incidents.ListAsync(new IncidentQuery(), default));
    }

    [Fact]
    public async Task Process_BatchRedeliveredToAFreshInstanceAfterASave_OpensNoSecondIncidentAndBlocksOnce()
    {
        var batch = Enumerable.Range(0, 12).Select(i => InjectionAttempt("mallory", TimeSpan.FromSeconds(i * 10))).ToList();
        await Instance(_tableStore).ProcessAsync(batch, default);
        var before = await _incidents.ListAsync(new IncidentQuery(), default);

        var store = new CountingBehaviourStateStore(_tableStore);
        await Instance(store).ProcessAsync(batch, default);

        Assert.Equal(2, before.Count);
        Assert.Equal(before.Select(i => i.Id).Order(), (await _incidents.ListAsync(new IncidentQuery(), default)).Select(i => i.Id).Order());
        Assert.Equal(1, _blocker.BlockCalls);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task Process_BatchRedeliveredToAFreshInstanceBeforeAnySave_OpensNoSecondIncidentAndBlocksOnce()
    {
        var batch = Enumerable.Range(0, 12).Select(i => InjectionAttempt("mallory", TimeSpan.FromSeconds(i * 10))).ToList();
        var lost = new CountingBehaviourStateStore(new InMemoryBehaviourStateStore()) { FailWrites = true };
        await Instance(lost).ProcessAsync(batch, default);

        await Instance(_tableStore).ProcessAsync(batch, default);

        var incidents = await _incidents.ListAsync(new IncidentQuery(), default);
        Assert.Equal(2, incidents.Count);
        Assert.Single(incidents, i => i.Severity == FindingSeverity.High && i.BlockedUntil is not null);
        Assert.Equal(1, _blocker.BlockCalls);
    }
}
