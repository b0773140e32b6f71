using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TokenGate.Core.Keys;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Storage;

namespace TokenGate.Standalone;

/// <summary>Loads the configured plans into the directory, creates the demo tenant/user/key, and prints how to start.</summary>
internal sealed partial class StandaloneSeeder(
    IDirectoryStore directory,
    IApiKeyStore keys,
    IConfiguration configuration,
    IOptions<StandaloneOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<StandaloneSeeder> logger) : IHostedService
{
    private GeneratedApiKey? _demoKey;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var plans = configuration.GetSection("TokenGate:Plans").Get<Dictionary<string, PlanSettings>>() ?? [];
        foreach (var (name, plan) in plans)
        {
            await directory.PutPlanAsync(plan.ToDefinition(name), cancellationToken).ConfigureAwait(false);
        }

        LogPlans(logger, plans.Count);
        var o = options.Value;
        if (!o.CreateDemoKey)
        {
            return;
        }

        if (await directory.GetTenantAsync(o.DemoTenant, cancellationToken).ConfigureAwait(false) is null)
        {
            await directory.PutTenantAsync(new TenantDefinition { TenantId = o.DemoTenant, DefaultPlan = o.DemoPlan }, cancellationToken).ConfigureAwait(false);
        }

        await directory.PutUserAsync(new UserDefinition { TenantId = o.DemoTenant, UserId = o.DemoUser, Plan = o.DemoPlan }, cancellationToken).ConfigureAwait(false);
        _demoKey = ApiKeyFactory.Create();
        await keys.CreateAsync(new ApiKeyRecord
        {
            KeyId = _demoKey.KeyId,
            TenantId = o.DemoTenant,
            UserId = o.DemoUser,
            SecretHash = _demoKey.SecretHash,
            CreatedAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        lifetime.ApplicationStarted.Register(PrintWelcome);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintWelcome()
    {
        var o = options.Value;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? StandaloneOptions.DefaultUrl;
        // The demo key is printed to the console on purpose (never logged): it is the only place it ever appears.
        Console.WriteLine($"""

            TokenGate is listening on {address}
            Demo key for tenant '{o.DemoTenant}', user '{o.DemoUser}' (plan '{o.DemoPlan}'), shown once:

              {_demoKey!.Key}

            Try it:

              curl -s "{address}/openai/deployments/{o.DemoDeployment}/chat/completions?api-version=2024-10-21" \
                -H "api-key: {_demoKey.Key}" -H "content-type: application/json" \
                -d '{"{"}"messages":[{"{"}"role":"user","content":"Hello!"{"}"}]{"}"}'

            """);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} plans from configuration")]
    private static partial void LogPlans(ILogger logger, int count);
}
