using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Admin;

/// <summary>The handlers called without routing, on a bare DefaultHttpContext, as an Azure Functions trigger calls them.</summary>
public sealed class AdminApiDirectCallTests
{
    [Fact]
    public async Task PutPlanAsync_OnABareHttpContext_StoresThePlanAndWritesJson()
    {
        using var provider = Provider();
        var api = provider.GetRequiredService<AdminApi>();
        var context = Context("PUT", """{"requestsPerMinute":5}""");

        await api.PutPlanAsync(context, "basic");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(5, Body(context).GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(5, (await provider.GetRequiredService<IDirectoryStore>().GetPlanAsync("basic", CancellationToken.None))!.RequestsPerMinute);
    }

    [Fact]
    public async Task GetQuotaAsync_WithoutEngineOrEntityBackend_StillExplainsTheLimits()
    {
        using var provider = Provider();
        var api = provider.GetRequiredService<AdminApi>();
        await api.PutPlanAsync(Context("PUT", """{"monthlyTokenBudget":10}"""), "free");
        await api.PutTenantAsync(Context("PUT", "{}"), "acme");
        var context = Context("GET", null);

        await api.GetQuotaAsync(context, "acme", "alice");

        var body = Body(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(10, body.GetProperty("limits").GetProperty("monthlyTokenBudget").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("entity").ValueKind);
        Assert.Equal(0, body.GetProperty("recentRejections").GetArrayLength());
    }

    [Fact]
    public async Task BlockUserAsync_WithoutEntityBackend_ReportsNotPropagated()
    {
        using var provider = Provider();
        var api = provider.GetRequiredService<AdminApi>();
        var context = Context("POST", """{"until":"2026-11-11T00:00:00Z","reason":"x"}""");

        await api.BlockUserAsync(context, "acme", "alice");

        var body = Body(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("blocked", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("propagated").GetBoolean());
    }

    private static ServiceProvider Provider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TokenGate:Admin:Key"] = AdminTestHost.AdminKey })
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero)))
            .AddSingleton<IDirectoryStore, InMemoryDirectoryStore>()
            .AddSingleton<IApiKeyStore, InMemoryApiKeyStore>()
            .AddTokenGateAdmin(configuration)
            .BuildServiceProvider();
    }

    private static DefaultHttpContext Context(string method, string? json)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Headers.Authorization = "Bearer " + AdminTestHost.AdminKey;
        if (json is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement Body(DefaultHttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.Clone();
    }
}
