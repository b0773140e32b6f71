using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Storage;
using TokenGate.Testing.Entities;

namespace TokenGate.Gateway.Tests.Admin;

/// <summary>The admin API on a real Kestrel (127.0.0.1, free port) over in-memory stores, a real QuotaEngine and an in-memory entity backend.</summary>
internal sealed class AdminTestHost : IAsyncDisposable
{
    public const string AdminKey = "admin-test-key-0123456789abcdefghijklmnop";

    private readonly WebApplication _app;

    private AdminTestHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public FakeTimeProvider Time { get; private init; } = null!;

    public HttpClient Client { get; }

    public InMemoryEntityClient Entities { get; private init; } = null!;

    public IServiceProvider Services => _app.Services;

    public QuotaEngine Engine => (QuotaEngine)Services.GetRequiredService<IQuotaEngine>();

    public InMemoryIncidentSink Incidents => (InMemoryIncidentSink)Services.GetRequiredService<IIncidentSink>();

    public InMemoryReviewedExampleSource Examples => (InMemoryReviewedExampleSource)Services.GetRequiredService<IReviewedExampleSource>();

    public InMemoryUserBlocker Blocker => (InMemoryUserBlocker)Services.GetRequiredService<IUserBlocker>();

    public static async Task<AdminTestHost> StartAsync(string? adminKey = AdminKey)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));
        var entities = new InMemoryEntityClient().Register<UserQuotaEntity>(UserQuotaEntity.EntityName);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?> { ["TokenGate:Admin:MaxBodyBytes"] = "4096" };
        if (adminKey is not null)
        {
            settings["TokenGate:Admin:Key"] = adminKey;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IDirectoryStore, InMemoryDirectoryStore>();
        services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddSingleton<IQuotaEngine>(new QuotaEngine(time, new QuotaEngineOptions { EvictionInterval = TimeSpan.Zero }));
        services.AddSingleton<DurableTaskClient>(new InMemoryDurableTaskClient(entities));
        services.AddSingleton<IUserQuotaCommands, UserQuotaCommands>();
        services.AddSingleton<IIncidentSink, InMemoryIncidentSink>();
        services.AddSingleton<IReviewedExampleSource, InMemoryReviewedExampleSource>();
        services.AddSingleton<IUserBlocker, InMemoryUserBlocker>();
        services.AddSingleton<IncidentReviewService>();
        services.AddOptions<GatewayOptions>();
        services.AddOptions<IdentityOptions>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<ILimitsResolver, PolicyLimitsResolver>();
        services.AddSingleton<CallerPolicyCache>();
        services.AddTokenGateAdmin(builder.Configuration);

        var app = builder.Build();
        app.MapTokenGateAdmin();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return new AdminTestHost(app, client) { Time = time, Entities = entities };
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async Task<HttpResponseMessage> PutAsync(string path, string json) => await Client.PutAsync(path, Json(json));

    public async Task<HttpResponseMessage> PostAsync(string path, string json = "{}") => await Client.PostAsync(path, Json(json));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Creates plan "basic", tenant "acme" and user "alice" on it.</summary>
    public async Task SeedAsync(string planJson = """{"requestsPerMinute":2,"tokensPerMinute":100000,"monthlyTokenBudget":1000}""")
    {
        (await PutAsync("/admin/plans/basic", planJson)).EnsureSuccessStatusCode();
        (await PutAsync("/admin/tenants/acme", """{"defaultPlan":"basic"}""")).EnsureSuccessStatusCode();
        (await PutAsync("/admin/tenants/acme/users/alice", """{"plan":"basic"}""")).EnsureSuccessStatusCode();
    }

    private sealed class PolicyLimitsResolver : ILimitsResolver
    {
        public Core.Plans.ResolvedLimits Resolve(Core.Plans.PlanDefinition plan, Core.Plans.UserDefinition? user, Core.Plans.TenantDefinition? tenant) =>
            Core.Plans.PolicyResolver.Resolve(plan, user, tenant, 0);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
