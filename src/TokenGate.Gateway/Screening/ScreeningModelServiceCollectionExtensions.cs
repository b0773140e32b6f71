using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Screening;

/// <summary>DI registration of the swappable screening model, its store and in-process retraining.</summary>
public static class ScreeningModelServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PromptModelHolder"/>, <see cref="IPromptScreener"/> as a <see cref="PromptScreener"/> reading
    /// that holder (so call it before <c>AddTokenGateAbuseDetection</c>, whose embedded-model screener is added
    /// only if none is), <see cref="LiveScreeningModel"/>, <see cref="ScreeningRetrainer"/>,
    /// <see cref="ScreeningModelRefreshService"/> (hosted) and <see cref="ScreeningModelOptions"/> (section
    /// <c>TokenGate:ScreeningModel</c>, validated at start). <see cref="IScreeningModelStore"/>: Azure Tables when
    /// <c>TokenGate:Storage</c> uses tables, otherwise in memory, unless one is already registered.
    /// Needs <see cref="ILabelledExampleStore"/> (<c>AddTokenGateStorage</c>).
    /// </summary>
    public static IServiceCollection AddTokenGateScreeningModel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ScreeningModelOptions>()
            .Bind(configuration.GetSection(ScreeningModelOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new PromptModelHolder());
        services.TryAddSingleton<IPromptScreener>(sp => new PromptScreener(sp.GetRequiredService<PromptModelHolder>()));
        services.TryAddSingleton<LiveScreeningModel>();
        services.TryAddSingleton<ScreeningRetrainer>();

        var storage = configuration.GetSection(TokenGateStorageOptions.SectionName).Get<TokenGateStorageOptions>() ?? new TokenGateStorageOptions();
        if (storage.UsesTables)
        {
            services.TryAddSingleton<IScreeningModelStore>(sp => new TableScreeningModelStore(
                sp.GetRequiredService<StorageServiceCollectionExtensions.TokenGateTables>().Client,
                sp.GetRequiredService<IOptions<TokenGateStorageOptions>>().Value.TablePrefix));
        }
        else
        {
            services.TryAddSingleton<IScreeningModelStore, InMemoryScreeningModelStore>();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScreeningModelRefreshService>());
        return services;
    }
}
