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
    /// Metrics (the TokenGate meter, ASP.NET Core, HttpClient) and traces; exported to Azure Monitor
    /// when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, otherwise collected in-process only.
    /// </summary>
    public static IServiceCollection AddTokenGateTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString);
                }
            });
        return services;
    }
}
