using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGate.Simulator.Serving;

namespace TokenGate.Simulator;

/// <summary>
/// A simulator running in the current process on its own Kestrel listener (loopback port 0 by default).
/// Dispose it to stop listening.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StatsRecorder _stats;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _stats = app.Services.GetRequiredService<StatsRecorder>();
        BaseAddress = baseAddress;
    }

    /// <summary>The bound base address, e.g. <c>http://127.0.0.1:53817/</c>; use it as the Azure OpenAI endpoint.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host's services (options, time provider).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a simulator on <paramref name="url"/> with the system clock.</summary>
    public static Task<SimulatorHost> StartAsync(
        string url = "http://127.0.0.1:0",
        Action<SimulatorOptions>? configure = null,
        CancellationToken ct = default) => StartAsync(url, configure, TimeProvider.System, ct);

    /// <summary>Starts a simulator on <paramref name="url"/> whose delays run on <paramref name="timeProvider"/>.</summary>
    public static async Task<SimulatorHost> StartAsync(
        string url,
        Action<SimulatorOptions>? configure,
        TimeProvider timeProvider,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A cut fault ends a response short of its Content-Length on purpose; Kestrel would log each one as an error.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Critical);
        builder.Services.AddSingleton(timeProvider);
        builder.Services.AddTokenGateSimulator(builder.Configuration);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        var app = builder.Build();
        app.MapTokenGateSimulator();
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var host = new SimulatorHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        SimulatorLog.Listening(app.Services.GetRequiredService<ILogger<SimulatorHost>>(), host.BaseAddress);
        return host;
    }

    /// <summary>What the simulator has served so far (the same data as <c>GET /_sim/stats</c>).</summary>
    public SimulatorStatsSnapshot GetStats() => _stats.Snapshot();

    /// <summary>Zeroes the counters (as <c>POST /_sim/reset</c>).</summary>
    public void ResetStats() => _stats.Reset();

    /// <summary>Stops listening and releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
