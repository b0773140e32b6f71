using Microsoft.Extensions.Options;
using TokenGate.Gateway.Hosting;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Composition;

namespace TokenGate.Standalone;

/// <summary>Builds the Standalone host: Kestrel on loopback, the pipeline, and its embedded defaults.</summary>
public static class StandaloneHost
{
    /// <summary>
    /// Builds (does not start) the host. When <c>TokenGate:Upstream:Endpoint</c> is unset, the
    /// <paramref name="upstream"/> bootstrapper (default: the in-process simulator) is started and used.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        IUpstreamBootstrapper? upstream = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(StandaloneOptions.DefaultUrl);
        }

        configure?.Invoke(builder);

        IAsyncDisposable? upstreamHandle = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration["TokenGate:Upstream:Endpoint"]))
        {
            var (address, handle) = await (upstream ?? new SimulatorBootstrapper()).StartAsync(cancellationToken).ConfigureAwait(false);
            upstreamHandle = handle;
            builder.Configuration["TokenGate:Upstream:Endpoint"] = address.AbsoluteUri;
            builder.Configuration["TokenGate:Upstream:ApiKey"] ??= "simulator";
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["TokenGate:Admin:Key"]))
        {
            // No admin key configured: make one for this run; the seeder prints it once.
            builder.Configuration["TokenGate:Admin:Key"] = "tgadmin_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            builder.Configuration["TokenGate:Standalone:PrintAdminKey"] = "true";
        }

        builder.Services.AddOptions<StandaloneOptions>().Bind(builder.Configuration.GetSection(StandaloneOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTokenGateInProcessEntities();
        builder.Services.AddTokenGate(builder.Configuration);
        builder.Services.AddHostedService<StandaloneSeeder>();

        var app = builder.Build();
        if (upstreamHandle is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => upstreamHandle.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        app.MapTokenGate();
        app.MapTokenGateAdmin();
        app.MapGet("/healthz", () => Results.Text("ok"));
        // Anything else (including paths that normalise outside /openai): 404 in the OpenAI error shape.
        app.MapFallback(GatewayEndpointRouteBuilderExtensions.HandleNotFoundAsync);
        _ = app.Services.GetRequiredService<IOptions<StandaloneOptions>>();
        return app;
    }
}
