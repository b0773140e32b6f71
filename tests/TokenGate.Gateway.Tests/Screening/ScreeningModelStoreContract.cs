using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;
using TokenGate.Gateway.Screening;

namespace TokenGate.Gateway.Tests.Screening;

public abstract class ScreeningModelStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    protected abstract IScreeningModelStore CreateStore();

    [Fact]
    public async Task GetLatest_WhenNothingStored_IsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.GetLatestModelAsync(default));
        Assert.Null(await store.GetModelBytesAsync("20261128T040000000Z-000000000000", default));
        Assert.Null(await store.GetRunAsync("rt_missing", default));
    }

    [Fact]
    public async Task SaveModel_ThenRead_RoundTripsDescriptorAndBytes()
    {
        var store = CreateStore();
        var bytes = TestModels.Bytes(0.5f);
        var descriptor = ScreeningModelDescriptor.ForTrained(bytes, T0, "rt_1", 3, new BinaryMetrics(10, 1, 20, 2));

        await store.SaveModelAsync(descriptor, bytes, default);

        Assert.Equal(descriptor, await store.GetLatestModelAsync(default));
        Assert.Equal(bytes, await store.GetModelBytesAsync(descriptor.Version, default));
        Assert.True(PromptClassifierModel.TryLoad(bytes, out _));
    }

    [Fact]
    public async Task Latest_OnlyMovesToANewerModel()
    {
        var store = CreateStore();
        var newer = ScreeningModelDescriptor.ForTrained(TestModels.Bytes(1f), T0.AddMinutes(5), "rt_new", 0, new BinaryMetrics(1, 0, 1, 0));
        var older = ScreeningModelDescriptor.ForTrained(TestModels.Bytes(2f), T0, "rt_old", 0, new BinaryMetrics(1, 0, 1, 0));

        await store.SaveModelAsync(newer, TestModels.Bytes(1f), default);
        await store.SaveModelAsync(older, TestModels.Bytes(2f), default);

        Assert.Equal(newer.Version, (await store.GetLatestModelAsync(default))!.Version);
        Assert.Equal(TestModels.Bytes(2f), await store.GetModelBytesAsync(older.Version, default));
    }

    [Fact]
    public async Task SaveRun_ThenGet_RoundTripsAndReplaces()
    {
        var store = CreateStore();
        var running = new RetrainingRun { Id = "rt_abc", Status = RetrainingRunStatus.Running, StartedAt = T0, BaseModelVersion = "embedded-1" };
        await store.SaveRunAsync(running, default);
        var finished = running with
        {
            Status = RetrainingRunStatus.Refused,
            FinishedAt = T0.AddSeconds(6),
            ReviewedCount = 4,
            TrainCount = 2032,
            TestCount = 507,
            Before = new BinaryMetrics(293, 2, 181, 31),
            After = new BinaryMetrics(250, 30, 153, 74),
            ModelVersion = "v",
            ModelHash = "h",
        };

        await store.SaveRunAsync(finished, default);

        Assert.Equal(finished, await store.GetRunAsync("rt_abc", default));
    }
}

public sealed class InMemoryScreeningModelStoreTests : ScreeningModelStoreContract
{
    protected override IScreeningModelStore CreateStore() => new InMemoryScreeningModelStore();
}
