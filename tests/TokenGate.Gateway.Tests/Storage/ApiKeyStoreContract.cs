using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public abstract class ApiKeyStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    protected abstract IApiKeyStore CreateStore();

    [Fact]
    public async Task Find_AfterCreate_ReturnsTheSameRecord()
    {
        var store = CreateStore();
        var record = Key("k1");
        await store.CreateAsync(record, default);

        var found = await store.FindAsync("k1", default);

        Assert.NotNull(found);
        Assert.Equal(record.TenantId, found.TenantId);
        Assert.Equal(record.UserId, found.UserId);
        Assert.Equal(record.SecretHash, found.SecretHash);
        Assert.Equal(Created, found.CreatedAt);
        Assert.Null(found.RevokedAt);
    }

    [Fact]
    public async Task Find_WhenUnknown_ReturnsNull()
    {
        Assert.Null(await CreateStore().FindAsync("nope", default));
    }

    [Fact]
    public async Task Create_WhenIdExists_ThrowsConflictAndKeepsTheOriginal()
    {
        var store = CreateStore();
        await store.CreateAsync(Key("dup"), default);

        await Assert.ThrowsAsync<StoreConflictException>(() => store.CreateAsync(Key("dup") with { UserId = "intruder" }, default));

        Assert.Equal("u1", (await store.FindAsync("dup", default))!.UserId);
    }

    [Fact]
    public async Task Revoke_KeepsTheFirstRevocationTime()
    {
        var store = CreateStore();
        await store.CreateAsync(Key("r"), default);

        Assert.True(await store.RevokeAsync("r", Created.AddDays(1), default));
        Assert.True(await store.RevokeAsync("r", Created.AddDays(2), default));

        Assert.Equal(Created.AddDays(1), (await store.FindAsync("r", default))!.RevokedAt);
    }

    [Fact]
    public async Task Revoke_WhenUnknown_ReturnsFalse()
    {
        Assert.False(await CreateStore().RevokeAsync("ghost", Created, default));
    }

    [Fact]
    public async Task Ids_WithCharactersTablesForbid_RoundTripAndStayDistinct()
    {
        var store = CreateStore();
        foreach (var id in TestIds.Awkward)
        {
            await store.CreateAsync(Key(id) with { UserId = "user-" + id }, default);
        }

        foreach (var id in TestIds.Awkward)
        {
            var found = await store.FindAsync(id, default);
            Assert.Equal(id, found!.KeyId);
            Assert.Equal("user-" + id, found.UserId);
        }
    }

    [Fact]
    public async Task Find_ReturnsACopy_SoCallersCannotAlterTheStoredHash()
    {
        var store = CreateStore();
        await store.CreateAsync(Key("copy"), default);

        (await store.FindAsync("copy", default))!.SecretHash[0] ^= 0xFF;

        Assert.Equal(Key("copy").SecretHash, (await store.FindAsync("copy", default))!.SecretHash);
    }

    private static ApiKeyRecord Key(string id) => new()
    {
        KeyId = id,
        TenantId = "t1",
        UserId = "u1",
        SecretHash = [.. Enumerable.Range(0, 32).Select(i => (byte)i)],
        CreatedAt = Created,
    };
}
