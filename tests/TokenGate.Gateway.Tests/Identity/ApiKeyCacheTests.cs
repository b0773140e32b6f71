using Azure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Identity;

public class ApiKeyCacheTests
{
    private static readonly ApiKeyRecord Record = new() { KeyId = "k1", TenantId = "t", UserId = "u", SecretHash = new byte[32], CreatedAt = DateTimeOffset.UnixEpoch };

    private static readonly TimeSpan LookupTimeout = new GatewayOptions().LookupTimeout;

    private sealed class SwitchableKeyStore : IApiKeyStore
    {
        private int _calls;

        public bool Down { get; set; }

        /// <summary>When set, every look-up waits for this before it answers (a store that hangs).</summary>
        public TaskCompletionSource? Held { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Held is { } held)
            {
                await held.Task.ConfigureAwait(false);
            }

            return Down ? throw new RequestFailedException(0, "connection refused") : keyId == Record.KeyId ? Record : null;
        }

        public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private static (ApiKeyCache Cache, SwitchableKeyStore Store, FakeTimeProvider Time) Create()
    {
        var store = new SwitchableKeyStore();
        var time = new FakeTimeProvider();
        return (new ApiKeyCache(store, Options.Create(new GatewayOptions { DirectoryCacheDuration = TimeSpan.FromSeconds(30) }), time), store, time);
    }

    [Fact]
    public async Task Find_WhenStoreIsDownAfterTheEntryExpired_ServesTheLastKnownRecord()
    {
        var (cache, store, time) = Create();
        Assert.Same(Record, await cache.FindAsync("k1", default));
        store.Down = true;
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Same(Record, await cache.FindAsync("k1", default));
    }

    [Fact]
    public async Task Find_WhenStoreIsDownAndTheKeyWasNeverSeen_ThrowsStoreUnavailableNotNull()
    {
        var (cache, store, _) = Create();
        store.Down = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(() => cache.FindAsync("k2", default).AsTask());
    }

    [Fact]
    public async Task Find_WhenStoreIsUpAndTheKeyIsUnknown_ReturnsNull()
    {
        var (cache, _, _) = Create();

        Assert.Null(await cache.FindAsync("k2", default));
    }

    [Fact]
    public async Task Find_WhenTheStoreHangsAndTheKeyWasNeverSeen_Gives503AtTheLookupTimeout_AndTheLateAnswerFillsTheCache()
    {
        var (cache, store, time) = Create();
        store.Held = new TaskCompletionSource();

        var waiting = cache.FindAsync("k1", default).AsTask();
        time.Advance(LookupTimeout - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => waiting);

        // The look-up was not cancelled with the request: when the store answers, the next request uses that answer
        // (joins the look-up if it is still finishing, else hits the cache it filled) and the store is not asked again.
        store.Held.SetResult();
        Assert.Same(Record, await cache.FindAsync("k1", default));
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task Find_WhenTheStoreHangsAfterTheEntryExpired_ServesTheExpiredRecordAtTheLookupTimeout()
    {
        var (cache, store, time) = Create();
        Assert.Same(Record, await cache.FindAsync("k1", default));
        time.Advance(TimeSpan.FromMinutes(5));
        store.Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = cache.FindAsync("k1", default).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(LookupTimeout);

        Assert.Same(Record, await waiting);
        store.Held.SetResult();
    }

    [Fact]
    public async Task Find_ConcurrentMissesForOneKey_ShareOneStoreCall()
    {
        var (cache, store, _) = Create();
        store.Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = Enumerable.Range(0, 50).Select(_ => cache.FindAsync("k1", default).AsTask()).ToArray();
        store.Held.SetResult();

        Assert.All(await Task.WhenAll(waiting), r => Assert.Same(Record, r));
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task Find_WhenTheCallerGivesUp_IsCancelledForThatCallerOnly()
    {
        var (cache, store, _) = Create();
        store.Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gone = new CancellationTokenSource();

        var abandoned = cache.FindAsync("k1", gone.Token).AsTask();
        var patient = cache.FindAsync("k1", default).AsTask();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        store.Held.SetResult();
        Assert.Same(Record, await patient);
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task Invalidate_WhileALookUpIsInFlight_KeepsItsResultOutOfTheCache()
    {
        var (cache, store, _) = Create();
        store.Held = new TaskCompletionSource();
        var inFlight = cache.FindAsync("k1", default).AsTask();

        // The key is revoked on this instance while the read (which may predate the revocation) is in flight.
        cache.Invalidate("k1");
        store.Held.SetResult();
        Assert.Same(Record, await inFlight);

        store.Held = null;
        await cache.FindAsync("k1", default);
        Assert.Equal(2, store.Calls);
    }
}
