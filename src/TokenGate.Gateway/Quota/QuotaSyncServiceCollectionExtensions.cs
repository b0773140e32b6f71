using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Quota;

/// <summary>DI registration of the quota sync.</summary>
public static class QuotaSyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QuotaSynchronizer"/> (also as <see cref="ISettlementObserver"/>), its
    /// hosted <see cref="QuotaSyncService"/>, <see cref="IUserQuotaCommands"/>, and
    /// <see cref="QuotaSyncOptions"/> bound from <c>TokenGate:QuotaSync</c> and validated at start.
    /// Needs <see cref="IQuotaSnapshotTarget"/> and <c>DurableTaskClient</c> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddTokenGateQuotaSync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QuotaSyncOptions>()
            .Bind(configuration.GetSection(QuotaSyncOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<QuotaSynchronizer>();
        services.AddSingleton<ISettlementObserver>(sp => sp.GetRequiredService<QuotaSynchronizer>());
        services.AddHostedService<QuotaSyncService>();
        services.TryAddSingleton<IUserQuotaCommands, UserQuotaCommands>();
        return services;
    }
}
