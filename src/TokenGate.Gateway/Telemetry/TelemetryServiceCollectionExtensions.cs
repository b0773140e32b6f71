using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TokenGate.Gateway.Telemetry;

/// <summary>OpenTelemetry wiring shared by both hosts.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Metrics (the TokenGate meter, ASP.NET Core, HttpClient) and traces exported to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. Without it no telemetry pipeline runs: an Activity per
    /// incoming and outgoing call and histograms that nobody exports cost allocations and CPU on every request
    /// (docs/benchmarks.md, run 5). The meters stay visible to in-process listeners and to <c>dotnet-counters</c>.
    /// </summary>
    public static IServiceCollection AddTokenGateTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString))
            .WithTracing(tracing => tracing
                .AddSource(GatewayMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString));
        return services;
    }
}
