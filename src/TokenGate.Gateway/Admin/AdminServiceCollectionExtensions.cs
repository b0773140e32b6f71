using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Admin;

/// <summary>DI registration of the admin API, shared by both hosts.</summary>
public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AdminApi"/> (singleton) and <see cref="AdminOptions"/> bound from <c>TokenGate:Admin</c>,
    /// validated at start. Needs <see cref="IDirectoryStore"/> and <see cref="IApiKeyStore"/>; uses, when registered,
    /// <see cref="IQuotaEngine"/> (local block/unblock/reset and status need the Core <c>QuotaEngine</c>),
    /// <see cref="IUserQuotaCommands"/>, <see cref="DurableTaskClient"/> (entity summary) and
    /// <see cref="IncidentReviewService"/> (incident routes), <see cref="Screening.ScreeningRetrainer"/> and
    /// <see cref="Screening.LiveScreeningModel"/> (screening routes). Call order relative to the other registrations does not matter.
    /// </summary>
    public static IServiceCollection AddTokenGateAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AdminApi(
            sp.GetRequiredService<IOptions<AdminOptions>>(),
            sp.GetRequiredService<IDirectoryStore>(),
            sp.GetRequiredService<IApiKeyStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AdminApi>>(),
            new AdminCollaborators(
                sp.GetService<IQuotaEngine>(),
                sp.GetService<Core.Admission.IQuotaSnapshotTarget>() ?? sp.GetService<IQuotaEngine>() as Core.Admission.IQuotaSnapshotTarget,
                sp.GetService<IUserQuotaCommands>(),
                sp.GetService<DurableTaskClient>(),
                sp.GetService<IncidentReviewService>(),
                sp.GetService<ApiKeyCache>(),
                sp.GetService<CallerPolicyCache>(),
                sp.GetService<FailedAuthenticationLimiter>(),
                sp.GetService<IOptions<GatewayOptions>>()?.Value,
                sp.GetService<TokenGate.Gateway.Abuse.IReviewedExampleSource>(),
                sp.GetService<Screening.ScreeningRetrainer>(),
                sp.GetService<Screening.LiveScreeningModel>())));
        return services;
    }
}
