using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;
using TokenGate.Gateway.Screening;

namespace TokenGate.Gateway.Tests.Screening;

public class LiveScreeningModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
    private static readonly BinaryMetrics Metrics = new(1, 0, 1, 0);

    [Fact]
    public void New_StartsWithTheEmbeddedModel()
    {
        var holder = new PromptModelHolder();
        var live = new LiveScreeningModel(holder, NullLogger<LiveScreeningModel>.Instance);

        Assert.Equal(ScreeningModelSource.Embedded, live.Descriptor.Source);
        Assert.Equal(ScreeningModelDescriptor.HashOf(PromptClassifierModel.ReadEmbeddedBytes()), live.Descriptor.Hash);
        Assert.Same(PromptClassifierModel.Embedded, live.Model);
    }

    [Fact]
    public async Task Refresh_WhenTheStoreHasANewerModel_SwapsWhatTheScreenerUses()
    {
        var holder = new PromptModelHolder();
        var live = new LiveScreeningModel(holder, NullLogger<LiveScreeningModel>.Instance);
        var screener = new PromptScreener(holder);
        var store = new InMemoryScreeningModelStore();
        var bytes = TestModels.Bytes(0f, 5f);
        var stored = ScreeningModelDescriptor.ForTrained(bytes, T0, "rt_1", 0, Metrics);
        await store.SaveModelAsync(stored, bytes, default);

        Assert.True(await live.RefreshAsync(store, default));

        Assert.Equal(stored, live.Descriptor);
        Assert.Equal(PromptClassifierModel.Sigmoid(5), screener.Assess(["hello there"]).ClassifierProbability, 3);
        Assert.False(await live.RefreshAsync(store, default));
    }

    [Fact]
    public async Task Refresh_WhenStoredBytesDoNotLoad_RefusesAndKeepsTheLiveModel()
    {
        var live = new LiveScreeningModel(new PromptModelHolder(), NullLogger<LiveScreeningModel>.Instance);
        var before = live.Descriptor;
        var store = new InMemoryScreeningModelStore();
        var corrupt = TestModels.Bytes(0f, 5f)[..1000];
        await store.SaveModelAsync(ScreeningModelDescriptor.ForTrained(corrupt, T0, "rt_bad", 0, Metrics), corrupt, default);

        Assert.False(await live.RefreshAsync(store, default));

        Assert.Equal(before, live.Descriptor);
        Assert.Same(PromptClassifierModel.Embedded, live.Model);
    }

    [Fact]
    public async Task TryActivate_WhenBytesDoNotMatchTheirHash_Refuses()
    {
        var live = new LiveScreeningModel(new PromptModelHolder(), NullLogger<LiveScreeningModel>.Instance);
        var descriptor = ScreeningModelDescriptor.ForTrained(TestModels.Bytes(0f, 1f), T0, "rt_1", 0, Metrics);

        Assert.False(await live.TryActivateAsync(descriptor, TestModels.Bytes(0f, 2f), force: true, default));
        Assert.Same(PromptClassifierModel.Embedded, live.Model);
    }

    [Fact]
    public async Task Refresh_NeverGoesBackToAnOlderModel()
    {
        var live = new LiveScreeningModel(new PromptModelHolder(), NullLogger<LiveScreeningModel>.Instance);
        var newer = TestModels.Bytes(0f, 1f);
        var newerDescriptor = ScreeningModelDescriptor.ForTrained(newer, T0.AddHours(1), "rt_new", 0, Metrics);
        Assert.True(await live.TryActivateAsync(newerDescriptor, newer, force: true, default));
        var store = new InMemoryScreeningModelStore();
        var older = TestModels.Bytes(0f, 2f);
        await store.SaveModelAsync(ScreeningModelDescriptor.ForTrained(older, T0, "rt_old", 0, Metrics), older, default);

        Assert.False(await live.RefreshAsync(store, default));
        Assert.Equal(newerDescriptor, live.Descriptor);
    }

    [Fact]
    public async Task Refresh_WhenTheStoreThrows_KeepsTheLiveModel()
    {
        var live = new LiveScreeningModel(new PromptModelHolder(), NullLogger<LiveScreeningModel>.Instance);

        Assert.False(await live.RefreshAsync(new UnreachableStore(), default));
        Assert.Equal(ScreeningModelSource.Embedded, live.Descriptor.Source);
    }

    [Fact]
    public async Task RefreshService_LoadsAtStart_AndChecksAgainEachInterval()
    {
        var time = new FakeTimeProvider(T0);
        var holder = new PromptModelHolder();
        var live = new LiveScreeningModel(holder, NullLogger<LiveScreeningModel>.Instance);
        var store = new InMemoryScreeningModelStore();
        var first = TestModels.Bytes(0f, 1f);
        var firstDescriptor = ScreeningModelDescriptor.ForTrained(first, T0.AddMinutes(-10), "rt_1", 0, Metrics);
        await store.SaveModelAsync(firstDescriptor, first, default);
        var options = Options.Create(new ScreeningModelOptions { RefreshInterval = TimeSpan.FromMinutes(5) });
        using var service = new ScreeningModelRefreshService(live, store, time, options);

        await service.StartAsync(default);
        Assert.Equal(firstDescriptor, live.Descriptor);

        var second = TestModels.Bytes(0f, 2f);
        var secondDescriptor = ScreeningModelDescriptor.ForTrained(second, T0.AddMinutes(1), "rt_2", 0, Metrics);
        await store.SaveModelAsync(secondDescriptor, second, default);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(firstDescriptor, live.Descriptor);

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => live.Descriptor == secondDescriptor);
        await service.StopAsync(default);
    }

    private sealed class UnreachableStore : IScreeningModelStore
    {
        public Task SaveModelAsync(ScreeningModelDescriptor descriptor, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => throw new IOException("down");
        public Task<ScreeningModelDescriptor?> GetLatestModelAsync(CancellationToken cancellationToken) => throw new IOException("down");
        public Task<byte[]?> GetModelBytesAsync(string version, CancellationToken cancellationToken) => throw new IOException("down");
        public Task SaveRunAsync(RetrainingRun run, CancellationToken cancellationToken) => throw new IOException("down");
        public Task<RetrainingRun?> GetRunAsync(string id, CancellationToken cancellationToken) => throw new IOException("down");
    }
}
