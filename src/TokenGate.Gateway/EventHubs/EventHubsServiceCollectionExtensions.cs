using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.EventHubs;

/// <summary>Registers the Event Hubs usage-event producer.</summary>
public static class EventHubsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>TokenGate:Events</c>. When Event Hubs is configured, usage events go there
    /// (replacing any in-process sink) and the period-close announcer writes into every partition;
    /// otherwise the announcer uses the in-process sink.
    /// </summary>
    public static IServiceCollection AddTokenGateEventHubs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EventHubsOptions.SectionName);
        services.AddOptions<EventHubsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UsageEventDecoder>();
        services.TryAddSingleton(sp => new PeriodCloseAnnouncer(
            sp.GetRequiredService<IUsageEventSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IUsageEventTransport>()));

        var options = section.Get<EventHubsOptions>() ?? new EventHubsOptions();
        if (!options.IsConfigured)
        {
            return services;
        }

        services.TryAddSingleton<IUsageEventTransport, BufferedProducerTransport>();
        services.TryAddSingleton<EventHubUsageEventSink>();
        services.RemoveAll<IUsageEventSink>();
        services.AddSingleton<IUsageEventSink>(sp => sp.GetRequiredService<EventHubUsageEventSink>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EventHubUsageEventSink>());
        return services;
    }
}
