using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Gateway.Abuse;
using static TokenGate.Gateway.Tests.Abuse.UsageEvents;

namespace TokenGate.Gateway.Tests.Abuse;

/// <summary>When <see cref="UsageEventProcessor"/> writes behaviour state, driven by event time only.</summary>
public sealed class UsageEventProcessorStateSaveTests
{
    private readonly InMemoryUserBlocker _blocker = new();
    private readonly InMemoryIncidentSink _incidents = new();
    private readonly InMemoryBehaviourStateStore _memory = new();
    private readonly CountingBehaviourStateStore _store;
    private readonly FakeLogger<UsageEventProcessor> _logger = new();

    public UsageEventProcessorStateSaveTests() => _store = new CountingBehaviourStateStore(_memory);

    private UsageEventProcessor Processor(TimeSpan? interval = null) =>
        new(_blocker, _incidents, _store, Options.Create(new AbuseDetectionOptions { StateSaveInterval = interval ?? TimeSpan.FromSeconds(60) }), _logger);

    private static List<UsageEvent> OneEventEveryTenSeconds(string user, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Completed(user, TimeSpan.FromSeconds(i * 10), 500))];

    [Fact]
    public async Task Process_OneBatchEveryTenSecondsOfEventTime_SavesOncePerMinuteOfEventTime()
    {
        var processor = Processor();

        foreach (var usageEvent in OneEventEveryTenSeconds("alice", 60))
        {
            await processor.ProcessAsync([usageEvent], default);
        }

        // 60 batches over 590 s: saved at 60 s, 120 s, … 540 s.
        Assert.Equal(9, _store.Writes);
        Assert.Equal(TimeSpan.FromSeconds(540), (await _memory.GetAsync("t1", "alice", default))!.LastSeen - Start);
    }

    [Fact]
    public async Task Process_WithZeroInterval_SavesEveryTouchedUserAfterEveryBatch()
    {
        var processor = Processor(TimeSpan.Zero);

        foreach (var usageEvent in OneEventEveryTenSeconds("alice", 6))
        {
            await processor.ProcessAsync([usageEvent], default);
        }

        Assert.Equal(6, _store.Writes);
    }

    [Fact]
    public async Task Process_WhenAFindingFires_SavesTheUserAtOnce()
    {
        var processor = Processor();
        var attempts = Enumerable.Range(0, 5).Select(i => InjectionAttempt("mallory", TimeSpan.FromSeconds(i))).ToList();

        await processor.ProcessAsync(attempts[..4], default);
        Assert.Equal(0, _store.Writes);
        await processor.ProcessAsync(attempts[4..], default);

        Assert.Single(await _incidents.ListAsync(new IncidentQuery(), default));
        Assert.Equal(1, _store.Writes);
    }

    [Fact]
    public async Task Process_ManyUsersOfOneTenantDue_WritesThemInOneCall()
    {
        var processor = Processor(TimeSpan.Zero);
        var batch = Enumerable.Range(0, 150).Select(i => Completed("u" + i, TimeSpan.FromSeconds(i % 7), 100)).ToList();
        batch.Add(Completed("u0", TimeSpan.Zero, 100, tenant: "t2"));

        await processor.ProcessAsync(batch, default);

        Assert.Equal(151, _store.Writes);
        Assert.Equal(2, _store.WriteCalls);
        Assert.Equal(151, _memory.Count);
    }

    [Fact]
    public async Task Process_WhenSavingFails_ActsOnFindingsLogsAndRetriesWithTheNextBatch()
    {
        var processor = Processor();
        var attempts = Enumerable.Range(0, 12).Select(i => InjectionAttempt("mallory", TimeSpan.FromSeconds(i))).ToList();
        _store.FailWrites = true;

        await processor.ProcessAsync(attempts[..11], default);

        Assert.Equal(1, _blocker.BlockCalls);
        Assert.Equal(0, _memory.Count);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 5102 && r.Level == LogLevel.Warning);

        _store.FailWrites = false;
        await processor.ProcessAsync(attempts[11..], default);

        Assert.Equal(1, _memory.Count);
    }

    [Fact]
    public async Task Process_WhenRestoringFails_DetectsAsForANewUserButNeverOverwritesTheStoredState()
    {
        await _memory.SaveAsync("t1", Storage.BehaviourStateStoreContract.Snapshot("mallory"), default);
        var stored = await _memory.GetAsync("t1", "mallory", default);
        var processor = Processor(TimeSpan.Zero);
        _store.FailReads = true;

        await processor.ProcessAsync([.. Enumerable.Range(0, 12).Select(i => InjectionAttempt("mallory", TimeSpan.FromSeconds(i)))], default);

        Assert.Equal(1, _blocker.BlockCalls);
        Assert.Equal(0, _store.WriteCalls);
        Assert.Same(stored, await _memory.GetAsync("t1", "mallory", default));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 5101 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Process_RedeliveredEventsAlreadyInRestoredState_AreNotCountedTwice()
    {
        var batches = Steady("steady", 0, 25).InBatchesOf(10).ToList();
        var first = Processor(TimeSpan.Zero);
        foreach (var batch in batches)
        {
            await first.ProcessAsync(batch, default);
        }

        var saved = (await _memory.GetAsync("t1", "steady", default))!;

        var second = Processor(TimeSpan.Zero);
        foreach (var batch in batches[^3..])
        {
            await second.ProcessAsync(batch, default);
        }

        var resaved = (await _memory.GetAsync("t1", "steady", default))!;
        Assert.Equal(saved.Minutes.Values, resaved.Minutes.Values);
        Assert.Equal(saved.LastSeen, resaved.LastSeen);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 5103);
    }

    [Theory]
    [InlineData("00:00:30", true)]
    [InlineData("00:00:00", true)]
    [InlineData("02:00:00", false)]
    [InlineData("-00:00:01", false)]
    public void AbuseDetectionOptions_StateSaveInterval_IsBoundAndValidated(string value, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AbuseDetection:StateSaveInterval"] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddTokenGateAbuseDetection(configuration).BuildServiceProvider();

        if (valid)
        {
            Assert.Equal(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture), provider.GetRequiredService<IOptions<AbuseDetectionOptions>>().Value.StateSaveInterval);
        }
        else
        {
            Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AbuseDetectionOptions>>().Value);
        }
    }
}
