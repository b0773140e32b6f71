using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGate.Core.Events;
using TokenGate.Core.Keys;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Storage;
using TokenGate.Standalone;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>
/// The Standalone host (public entry point only) on 127.0.0.1:0 in front of a <see cref="CountingUpstream"/>,
/// with every log line and usage event captured.
/// </summary>
public sealed class HostileHost : IAsyncDisposable
{
    public const string UpstreamKey = "UPSTREAM-CREDENTIAL-5f0c2b9e41d7";
    public const string Deployment = "gpt-4o-mini";
    private WebApplication _app = null!;

    public CountingUpstream Upstream { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public RecordingUsageEventSink Events { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A keep-alive client for the host.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static async Task<HostileHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var host = new HostileHost { Upstream = await CountingUpstream.StartAsync() };
        host._app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(host.Logs);
            builder.Configuration["TokenGate:Upstream:Endpoint"] = host.Upstream.BaseAddress.AbsoluteUri;
            builder.Configuration["TokenGate:Upstream:ApiKey"] = UpstreamKey;
            builder.Configuration["TokenGate:Upstream:Timeout"] = "00:00:10";
            builder.Configuration["TokenGate:Standalone:CreateDemoKey"] = "false";
            builder.Configuration["TokenGate:Identity:MaxFailuresPerClient"] = "100000";
            builder.Configuration["TokenGate:Identity:FailureWindow"] = "00:00:01";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }

            // Registered before the gateway so it is the sink the pipeline publishes to.
            builder.Services.AddSingleton<IUsageEventSink>(host.Events);
        });
        await host._app.StartAsync();
        host.BaseAddress = new Uri(host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        host.Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return host;
    }

    /// <summary>Creates a tenant user on its own plan through the directory and key store, returns a fresh key.</summary>
    public async Task<string> CreateUserAsync(string tenantId, string userId, PlanDefinition plan)
    {
        var directory = _app.Services.GetRequiredService<IDirectoryStore>();
        await directory.PutPlanAsync(plan, default);
        if (await directory.GetTenantAsync(tenantId, default) is null)
        {
            await directory.PutTenantAsync(new TenantDefinition { TenantId = tenantId, DefaultPlan = plan.Name }, default);
        }

        await directory.PutUserAsync(new UserDefinition { TenantId = tenantId, UserId = userId, Plan = plan.Name }, default);
        var key = ApiKeyFactory.Create();
        await _app.Services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyRecord
        {
            KeyId = key.KeyId,
            TenantId = tenantId,
            UserId = userId,
            SecretHash = key.SecretHash,
            CreatedAt = DateTimeOffset.UnixEpoch,
        }, default);
        return key.Key;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
