using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenGate.Core.Keys;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Admin;

public sealed class AdminAuthTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/admin/plans" },
        { "GET", "/admin/plans/basic" },
        { "PUT", "/admin/plans/basic" },
        { "GET", "/admin/tenants/acme" },
        { "PUT", "/admin/tenants/acme" },
        { "GET", "/admin/tenants/acme/users/alice" },
        { "PUT", "/admin/tenants/acme/users/alice" },
        { "POST", "/admin/tenants/acme/users/alice/keys" },
        { "DELETE", "/admin/keys/0123456789abcdef" },
        { "GET", "/admin/tenants/acme/users/alice/quota" },
        { "POST", "/admin/tenants/acme/users/alice/block" },
        { "POST", "/admin/tenants/acme/users/alice/unblock" },
        { "POST", "/admin/tenants/acme/users/alice/reset" },
        { "GET", "/admin/incidents" },
        { "GET", "/admin/incidents/inc1" },
        { "POST", "/admin/incidents/inc1/confirm" },
        { "POST", "/admin/incidents/inc1/dismiss" },
        { "POST", "/admin/incidents/inc1/unblock" },
        { "GET", "/admin/no/such/route" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithoutKey_Answers401WithTheSameBody(string method, string path)
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = AdminTestHost.Json("""{"bad":"body"}""") };
        request.Headers.Authorization = null;
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        using var response = await anonymous.SendAsync(request);

        var error = await AdminAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthorized.", error.GetProperty("message").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithUserKey_Answers403WithoutLookingItUp(string method, string path)
    {
        await using var host = await AdminTestHost.StartAsync();
        var unknownUserKey = ApiKeyFactory.Create().Key;

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = AdminTestHost.Json("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", unknownUserKey);
        using var response = await host.Client.SendAsync(request);

        var error = await AdminAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(unknownUserKey, error.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_ForExistingAndMissingResources_GivesIdenticalResponses()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        using var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminTestHost.AdminKey + "x");

        using var existing = await client.GetAsync("/admin/plans/basic");
        using var missing = await client.GetAsync("/admin/plans/nope");

        Assert.Equal(HttpStatusCode.Unauthorized, existing.StatusCode);
        Assert.Equal(await existing.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StoredKeyOfAUser_IsForbiddenEvenThoughItIsValid()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        using var created = await host.PostAsync("/admin/tenants/acme/users/alice/keys");
        var key = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(created.Content)).GetProperty("key").GetString();
        using var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var response = await client.GetAsync("/admin/plans");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RepeatedFailures_FromOneAddress_ThrottleEvenTheRightKey_UntilTheWindowPasses()
    {
        await using var host = await AdminTestHost.StartAsync();
        using var wrong = new HttpClient { BaseAddress = host.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess-" + Guid.NewGuid());
        for (var i = 0; i < 20; i++)
        {
            using var failed = await wrong.GetAsync("/admin/plans");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var throttled = await host.Client.GetAsync("/admin/plans");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        using var afterWindow = await host.Client.GetAsync("/admin/plans");

        await AdminAssert.ErrorAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
    }

    [Fact]
    public async Task WrongMethodOnAKnownRoute_WithoutKey_Is401()
    {
        await using var host = await AdminTestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };

        using var response = await anonymous.DeleteAsync("/admin/plans/basic");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminApi_WithoutConfiguredKey_RefusesEveryCaller()
    {
        await using var host = await AdminTestHost.StartAsync(adminKey: null);

        using var response = await host.Client.GetAsync("/admin/plans");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(host.Services.GetRequiredService<AdminApi>().IsEnabled);
    }

    [Fact]
    public async Task UnknownRoute_ForAdmin_Is404OpenAIShaped()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/admin/nothing/here");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has whitespace in the middle of a long admin key value")]
    public void AddTokenGateAdmin_WithWeakKey_FailsValidation(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TokenGate:Admin:Key"] = key }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IDirectoryStore, InMemoryDirectoryStore>().AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddTokenGateAdmin(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AdminOptions>>().Value);
    }

    [Fact]
    public void AddTokenGateAdmin_WithUserKeyAsAdminKey_FailsValidation()
    {
        var options = new AdminOptions { Key = ApiKeyFactory.Create().Key };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Single(results);
    }
}
