using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGate.Core.Keys;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Storage;
using TokenGate.Standalone;

namespace TokenGate.Integration.Tests;

/// <summary>The Standalone host on a loopback port in front of a <see cref="FakeUpstream"/>.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string UpstreamKey = "upstream-secret-key";
    private WebApplication _app = null!;

    public FakeUpstream Upstream { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayHost> StartAsync(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var host = new GatewayHost { Upstream = await FakeUpstream.StartAsync() };
        host._app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration["TokenGate:Upstream:Endpoint"] = host.Upstream.BaseAddress.AbsoluteUri;
            builder.Configuration["TokenGate:Upstream:ApiKey"] = UpstreamKey;
            builder.Configuration["TokenGate:Upstream:Timeout"] = "00:00:10";
            builder.Configuration["TokenGate:Standalone:CreateDemoKey"] = "false";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }

            services?.Invoke(builder.Services);
        });
        await host._app.StartAsync();
        host.BaseAddress = new Uri(host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    /// <summary>Creates a user on a plan of its own and returns a fresh key for it.</summary>
    public async Task<string> CreateUserAsync(string userId, PlanDefinition plan)
    {
        var directory = Services.GetRequiredService<IDirectoryStore>();
        await directory.PutPlanAsync(plan, default);
        await directory.PutUserAsync(new UserDefinition { TenantId = "t1", UserId = userId, Plan = plan.Name }, default);
        var key = ApiKeyFactory.Create();
        await Services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyRecord
        {
            KeyId = key.KeyId,
            TenantId = "t1",
            UserId = userId,
            SecretHash = key.SecretHash,
            CreatedAt = DateTimeOffset.UnixEpoch,
        }, default);
        return key.Key;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
