using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TokenGate.Gateway.Review;

/// <summary>DI registration of the inline-screening review queue.</summary>
public static class ScreeningReviewServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ScreeningReviewOptions"/> (section <c>TokenGate:ScreeningReview</c>, validated at start),
    /// <see cref="ScreeningReviewQueue"/> as <see cref="IScreeningReviewQueue"/> (the pipeline resolves it optionally)
    /// and the <see cref="ScreeningReviewWriter"/> hosted service, which writes through the registered
    /// <see cref="Abuse.IIncidentSink"/>.
    /// </summary>
    public static IServiceCollection AddTokenGateScreeningReview(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ScreeningReviewOptions>()
            .Bind(configuration.GetSection(ScreeningReviewOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<ScreeningReviewMetrics>();
        services.TryAddSingleton<ScreeningReviewQueue>();
        services.TryAddSingleton<IScreeningReviewQueue>(sp => sp.GetRequiredService<ScreeningReviewQueue>());
        services.AddHostedService<ScreeningReviewWriter>();
        return services;
    }
}
