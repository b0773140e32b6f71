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

    private sealed class SwitchableKeyStore : IApiKeyStore
    {
        public bool Down { get; set; }

        public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
            Down ? throw new RequestFailedException(0, "connection refused") : Task.FromResult(keyId == Record.KeyId ? Record : null);

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
}
