using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Abuse;

/// <summary>DI registration of inline screening, the usage-event processor and the review service.</summary>
public static class AbuseDetectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPromptScreener"/> (the embedded model), <see cref="IUsageEventProcessor"/>,
    /// <see cref="IncidentReviewService"/> and <see cref="AbuseDetectionOptions"/> (section "AbuseDetection",
    /// validated at start). In-memory <see cref="IIncidentSink"/>, <see cref="IReviewedExampleSource"/>,
    /// <see cref="IBehaviourStateStore"/> and <see cref="IUserBlocker"/> are added only if none is registered.
    /// </summary>
    public static IServiceCollection AddTokenGateAbuseDetection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AbuseDetectionOptions>()
            .Bind(configuration.GetSection(AbuseDetectionOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => ValidateDetection(o), "AbuseDetection:Detection has an out-of-range value")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPromptScreener>(_ => new PromptScreener());
        services.TryAddSingleton<IIncidentSink, InMemoryIncidentSink>();
        services.TryAddSingleton<IReviewedExampleSource, InMemoryReviewedExampleSource>();
        services.TryAddSingleton<IBehaviourStateStore, InMemoryBehaviourStateStore>();
        services.TryAddSingleton<IUserBlocker, InMemoryUserBlocker>();
        services.TryAddSingleton<UsageEventProcessor>();
        services.TryAddSingleton<IUsageEventProcessor>(sp => sp.GetRequiredService<UsageEventProcessor>());
        services.TryAddSingleton<IncidentReviewService>();
        return services;
    }

    private static bool ValidateDetection(AbuseDetectionOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        return System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Detection, new(options.Detection), results, validateAllProperties: true)
            && options.Detection.FloodHighCount >= options.Detection.FloodMediumCount
            && options.Detection.AuthFailureHighCount >= options.Detection.AuthFailureMediumCount
            && options.Detection.InjectionHighCount >= options.Detection.InjectionMediumCount;
    }
}
