using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Core.Keys;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Admin;

public sealed class AdminKeyTests
{
    [Fact]
    public async Task CreateKey_Returns201WithAKeyWhoseSecretOnlyTheHashOfIsStored()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var response = await host.PostAsync("/admin/tenants/acme/users/alice/keys");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var keyId = body.GetProperty("keyId").GetString()!;
        var key = body.GetProperty("key").GetString()!;
        var record = await host.Services.GetRequiredService<IApiKeyStore>().FindAsync(keyId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/admin/keys/" + keyId, response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsed));
        Assert.Equal(keyId, parsed.KeyId);
        Assert.NotNull(record);
        Assert.Equal(("acme", "alice"), (record.TenantId, record.UserId));
        Assert.True(ApiKeyFormat.Verify(parsed.Secret, record.SecretHash));
        Assert.False(record.SecretHash.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(parsed.Secret)));
    }

    [Fact]
    public async Task CreateKey_TwiceForOneUser_GivesDistinctKeys()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        var first = await (await host.PostAsync("/admin/tenants/acme/users/alice/keys")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await host.PostAsync("/admin/tenants/acme/users/alice/keys")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.NotEqual(first.GetProperty("keyId").GetString(), second.GetProperty("keyId").GetString());
        Assert.NotEqual(first.GetProperty("key").GetString(), second.GetProperty("key").GetString());
    }

    [Fact]
    public async Task CreateKey_ForUnknownUser_Is404AndStoresNothing()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var response = await host.PostAsync("/admin/tenants/acme/users/ghost/keys");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreatedKey_AuthenticatesOnTheGateway_UntilRevoked()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var created = await (await host.PostAsync("/admin/tenants/acme/users/alice/keys")).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var authenticator = host.Services.GetRequiredService<CallerAuthenticator>();

        var before = await authenticator.AuthenticateAsync(WithKey(key), "198.51.100.7", CancellationToken.None);
        using var revoke = await host.Client.DeleteAsync("/admin/keys/" + created.GetProperty("keyId").GetString());
        var after = await authenticator.AuthenticateAsync(WithKey(key), "198.51.100.7", CancellationToken.None);

        Assert.True(before.Succeeded);
        Assert.Equal(("acme", "alice"), (before.Caller!.TenantId, before.Caller.UserId));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.False(after.Succeeded);
    }

    [Fact]
    public async Task RevokeKey_MarksTheStoredRecordRevoked()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var created = await (await host.PostAsync("/admin/tenants/acme/users/alice/keys")).Content.ReadFromJsonAsync<JsonElement>();
        var keyId = created.GetProperty("keyId").GetString()!;

        using var response = await host.Client.DeleteAsync("/admin/keys/" + keyId);
        var record = await host.Services.GetRequiredService<IApiKeyStore>().FindAsync(keyId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(host.Time.GetUtcNow(), record!.RevokedAt);
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("not-a-key-id")]
    public async Task RevokeKey_WhenUnknown_Is404(string keyId)
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.DeleteAsync("/admin/keys/" + keyId);

        await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    private static DefaultHttpContext WithKey(string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["api-key"] = key;
        return context;
    }
}
