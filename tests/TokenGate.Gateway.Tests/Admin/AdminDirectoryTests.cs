using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Tests.Admin;

public sealed class AdminDirectoryTests
{
    [Fact]
    public async Task PutPlan_ThenGet_RoundTripsEveryField()
    {
        await using var host = await AdminTestHost.StartAsync();
        const string body = """
            {"requestsPerMinute":60,"tokensPerMinute":90000,"maxConcurrentRequests":4,"monthlyTokenBudget":5000000,
             "monthlyCostBudget":25.5,"prices":{"gpt-4o":{"inputPerMillion":2.5,"outputPerMillion":10}},
             "maxOutputTokens":2048,"allowedDeployments":["gpt-4o","gpt-4o-mini"],"priority":3}
            """;

        using var put = await host.PutAsync("/admin/plans/pro", body);
        var plan = await host.GetJsonAsync("/admin/plans/pro");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("pro", plan.GetProperty("name").GetString());
        Assert.Equal(60, plan.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(90000, plan.GetProperty("tokensPerMinute").GetInt64());
        Assert.Equal(4, plan.GetProperty("maxConcurrentRequests").GetInt32());
        Assert.Equal(5000000, plan.GetProperty("monthlyTokenBudget").GetInt64());
        Assert.Equal(25.5m, plan.GetProperty("monthlyCostBudget").GetDecimal());
        var price = plan.GetProperty("prices").GetProperty("gpt-4o");
        Assert.Equal(2.5m, price.GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(2.5m, price.GetProperty("cachedInputPerMillion").GetDecimal());
        Assert.Equal(10m, price.GetProperty("outputPerMillion").GetDecimal());
        Assert.Equal(2048, plan.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], plan.GetProperty("allowedDeployments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, plan.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task PutPlan_AppliesAtOnceOnThisInstance_DespiteTheDirectoryCache()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();
        var cache = host.Services.GetRequiredService<CallerPolicyCache>();
        var before = await cache.GetAsync("acme", "alice", CancellationToken.None);

        (await host.PutAsync("/admin/plans/basic", """{"requestsPerMinute":9}""")).EnsureSuccessStatusCode();
        var after = await cache.GetAsync("acme", "alice", CancellationToken.None);

        Assert.Equal(2, before.Limits!.RequestsPerMinute);
        Assert.Equal(9, after.Limits!.RequestsPerMinute);
    }

    [Fact]
    public async Task ListPlans_ReturnsEveryStoredPlan()
    {
        await using var host = await AdminTestHost.StartAsync();
        (await host.PutAsync("/admin/plans/free", """{"requestsPerMinute":3}""")).EnsureSuccessStatusCode();
        (await host.PutAsync("/admin/plans/pro", """{"requestsPerMinute":60}""")).EnsureSuccessStatusCode();

        var list = await host.GetJsonAsync("/admin/plans");

        Assert.Equal(["free", "pro"], list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
    }

    [Theory]
    [InlineData("""{"requestsPerMinute":-1}""", "requestsPerMinute")]
    [InlineData("""{"tokensPerMinute":-5}""", "tokensPerMinute")]
    [InlineData("""{"maxConcurrentRequests":-1}""", "maxConcurrentRequests")]
    [InlineData("""{"monthlyTokenBudget":-1}""", "monthlyTokenBudget")]
    [InlineData("""{"monthlyCostBudget":-0.01}""", "monthlyCostBudget")]
    [InlineData("""{"maxOutputTokens":0}""", "maxOutputTokens")]
    [InlineData("""{"priority":5000}""", "priority")]
    [InlineData("""{"prices":{"gpt-4o":{"inputPerMillion":-1,"outputPerMillion":1}}}""", "prices.gpt-4o.inputPerMillion")]
    [InlineData("""{"prices":{"gpt-4o":{"inputPerMillion":1}}}""", "prices.gpt-4o")]
    [InlineData("""{"allowedDeployments":[""]}""", "allowedDeployments")]
    [InlineData("""{"requestsPerMinute":"sixty"}""", "requestsPerMinute")]
    [InlineData("""{"requestsPerMinute":1.5}""", "requestsPerMinute")]
    [InlineData("""{"requestsPerMinut":60}""", "requestsPerMinut")]
    [InlineData("""{"name":"other"}""", "name")]
    public async Task PutPlan_WithInvalidField_Is400NamingTheField(string body, string param)
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.PutAsync("/admin/plans/pro", body);

        var error = await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/admin/plans/pro")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task PutPlan_WithNonObjectBody_Is400(string body)
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.PutAsync("/admin/plans/pro", body);

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PutPlan_WithBodyOverTheLimit_Is413()
    {
        await using var host = await AdminTestHost.StartAsync();
        var deployments = string.Join(',', Enumerable.Range(0, 400).Select(i => $"\"deployment-{i}\""));

        using var response = await host.PutAsync("/admin/plans/pro", $$"""{"allowedDeployments":[{{deployments}}]}""");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PutPlan_WithNonJsonContentType_Is415()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.PutAsync("/admin/plans/pro", new StringContent("{}", Encoding.UTF8, "text/plain"));

        await AdminAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PutPlan_WithInvalidName_Is400()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.PutAsync("/admin/plans/has%20space", "{}");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "plan");
    }

    [Fact]
    public async Task GetPlan_WhenMissing_Is404()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/admin/plans/nope");

        await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutTenant_ThenGet_RoundTripsBudgetsTimeZoneAndScreening()
    {
        await using var host = await AdminTestHost.StartAsync();
        (await host.PutAsync("/admin/plans/basic", "{}")).EnsureSuccessStatusCode();

        using var put = await host.PutAsync("/admin/tenants/acme", """
            {"defaultPlan":"basic","monthlyTokenBudget":1000000,"monthlyCostBudget":100,"timeZone":"Europe/Berlin","failOpen":true,
             "screening":{"flagThreshold":0.4,"blockThreshold":0.8,"pii":"redact"}}
            """);
        var tenant = await host.GetJsonAsync("/admin/tenants/acme");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("acme", tenant.GetProperty("tenantId").GetString());
        Assert.Equal("basic", tenant.GetProperty("defaultPlan").GetString());
        Assert.Equal(1000000, tenant.GetProperty("monthlyTokenBudget").GetInt64());
        Assert.Equal(100m, tenant.GetProperty("monthlyCostBudget").GetDecimal());
        Assert.Equal("Europe/Berlin", tenant.GetProperty("timeZone").GetString());
        Assert.True(tenant.GetProperty("failOpen").GetBoolean());
        var screening = tenant.GetProperty("screening");
        Assert.Equal(0.4, screening.GetProperty("flagThreshold").GetDouble());
        Assert.Equal(0.8, screening.GetProperty("blockThreshold").GetDouble());
        Assert.Equal("redact", screening.GetProperty("pii").GetString());
    }

    [Theory]
    [InlineData("""{"timeZone":"Mars/Olympus_Mons"}""", "timeZone")]
    [InlineData("""{"defaultPlan":"missing"}""", "defaultPlan")]
    [InlineData("""{"monthlyTokenBudget":-1}""", "monthlyTokenBudget")]
    [InlineData("""{"screening":{"flagThreshold":0.9,"blockThreshold":0.5}}""", "screening.flagThreshold")]
    [InlineData("""{"screening":{"blockThreshold":1.5}}""", "screening.blockThreshold")]
    [InlineData("""{"screening":{"pii":"shred"}}""", "screening.pii")]
    [InlineData("""{"failOpen":"yes"}""", "failOpen")]
    public async Task PutTenant_WithInvalidField_Is400NamingTheField(string body, string param)
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.PutAsync("/admin/tenants/acme", body);

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task PutUser_ThenGet_RoundTripsPlanAndOverrides()
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var put = await host.PutAsync("/admin/tenants/acme/users/bob", """{"plan":"basic","overrides":{"requestsPerMinute":10,"allowedDeployments":["gpt-4o"]}}""");
        var user = await host.GetJsonAsync("/admin/tenants/acme/users/bob");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("acme", user.GetProperty("tenantId").GetString());
        Assert.Equal("bob", user.GetProperty("userId").GetString());
        Assert.Equal("basic", user.GetProperty("plan").GetString());
        Assert.Equal(10, user.GetProperty("overrides").GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal("gpt-4o", user.GetProperty("overrides").GetProperty("allowedDeployments")[0].GetString());
    }

    [Theory]
    [InlineData("""{"plan":"missing"}""", "plan")]
    [InlineData("""{"overrides":{"requestsPerMinute":-3}}""", "overrides.requestsPerMinute")]
    [InlineData("""{"overrides":{"bogus":1}}""", "overrides.bogus")]
    [InlineData("""{"userId":"mallory"}""", "userId")]
    public async Task PutUser_WithInvalidField_Is400NamingTheField(string body, string param)
    {
        await using var host = await AdminTestHost.StartAsync();
        await host.SeedAsync();

        using var response = await host.PutAsync("/admin/tenants/acme/users/bob", body);

        await AdminAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/admin/tenants/acme/users/bob")).StatusCode);
    }

    [Fact]
    public async Task GetUser_WhenMissing_Is404()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/admin/tenants/acme/users/ghost");

        var error = await AdminAssert.ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("not_found", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Responses_AreCamelCaseJsonAndNotCached()
    {
        await using var host = await AdminTestHost.StartAsync();

        using var response = await host.PutAsync("/admin/plans/basic", """{"requestsPerMinute":1}""");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.True(body.TryGetProperty("requestsPerMinute", out _));
    }
}
