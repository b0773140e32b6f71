using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Core.Keys;
using TokenGate.Core.Plans;
using TokenGate.Functions.Durable;
using TokenGate.Functions.Triggers;
using TokenGate.Gateway.Storage;
using TokenGate.Simulator;
using TokenGate.Testing.Entities;

namespace TokenGate.Functions.Tests;

/// <summary>
/// The HTTP triggers through their real ASP.NET Core types on the Functions composition, with the
/// simulator as upstream: what the Functions host would do for each invocation, short of the host.
/// </summary>
public sealed class ProxyFunctionsTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private ServiceProvider _provider = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync();
        _provider = ServiceProviderTests.BuildFromSampleSettings(new Dictionary<string, string?>
        {
            ["TokenGate:Upstream:Endpoint"] = _simulator.BaseAddress.AbsoluteUri,
        });
        var directory = _provider.GetRequiredService<IDirectoryStore>();
        await directory.PutPlanAsync(new PlanDefinition { Name = "tight", RequestsPerMinute = 3, TokensPerMinute = 100_000 }, default);
        await directory.PutTenantAsync(new TenantDefinition { TenantId = "contoso", DefaultPlan = "tight" }, default);
        await directory.PutUserAsync(new UserDefinition { TenantId = "contoso", UserId = "alice", Plan = "tight" }, default);
        var key = ApiKeyFactory.Create();
        await _provider.GetRequiredService<IApiKeyStore>().CreateAsync(
            new ApiKeyRecord { KeyId = key.KeyId, TenantId = "contoso", UserId = "alice", SecretHash = key.SecretHash, CreatedAt = DateTimeOffset.UnixEpoch }, default);
        _key = key.Key;
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task ChatCompletions_WithAValidKey_ProxiesToUpstreamAndReportsUsageAndLimits()
    {
        var (context, body) = Request("POST", _key, """{"messages":[{"role":"user","content":"Hello"}]}""");

        await Functions().ChatCompletions(context.Request, Durable());

        Assert.Equal(200, context.Response.StatusCode);
        using var json = JsonDocument.Parse(body.ToArray());
        Assert.True(json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal("3", context.Response.Headers["x-ratelimit-limit-requests"]);
        Assert.True(_provider.GetRequiredService<DurableClientAccessor>().HasClient);
    }

    [Fact]
    public async Task ChatCompletions_WithoutAKey_Answers401InTheOpenAIShapeAndForwardsNothing()
    {
        var (context, body) = Request("POST", key: null, """{"messages":[{"role":"user","content":"Hello"}]}""");

        await Functions().ChatCompletions(context.Request, Durable());

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("invalid_api_key", ErrorCode(body));
        Assert.Equal(0, _simulator.GetStats().Requests);
    }

    [Fact]
    public async Task ChatCompletions_WithGet_Answers405()
    {
        var (context, body) = Request("GET", _key, string.Empty);

        await Functions().ChatCompletions(context.Request, Durable());

        Assert.Equal(405, context.Response.StatusCode);
        Assert.NotNull(ErrorCode(body));
    }

    [Fact]
    public async Task ChatCompletions_ConcurrentCallsForOneUser_NeverPassTheRequestRate()
    {
        var calls = Enumerable.Range(0, 12).Select(async _ =>
        {
            var (context, _) = Request("POST", _key, """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5}""");
            await Functions().ChatCompletions(context.Request, Durable());
            return context.Response.StatusCode;
        });

        var statuses = await Task.WhenAll(calls);

        Assert.Equal(3, statuses.Count(s => s == 200));
        Assert.Equal(9, statuses.Count(s => s == 429));
        Assert.Equal(3, _simulator.GetStats().Requests);
    }

    [Fact]
    public async Task UnknownPath_Answers404InTheOpenAIShape()
    {
        var (context, body) = Request("POST", _key, "{}", path: "/openai/nothing/here");

        await Functions().OpenAINotFound(context.Request);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.NotNull(ErrorCode(body));
    }

    private ProxyFunctions Functions() => ActivatorUtilities.CreateInstance<ProxyFunctions>(_provider);

    private static InMemoryDurableTaskClient Durable() => new(new InMemoryEntityClient());

    private (DefaultHttpContext Context, MemoryStream Body) Request(string method, string? key, string json, string path = "/openai/deployments/gpt-4o-mini/chat/completions")
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?api-version=2024-10-21");
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Request.RouteValues = new RouteValueDictionary { ["deployment"] = "gpt-4o-mini" };
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        if (key is not null)
        {
            context.Request.Headers["api-key"] = key;
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        return (context, body);
    }

    private static string? ErrorCode(MemoryStream body)
    {
        using var json = JsonDocument.Parse(body.ToArray());
        return json.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
