using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Core.Events;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Admin;
using TokenGate.Gateway.Entities;
using TokenGate.Gateway.EventHubs;
using TokenGate.Gateway.Hosting;
using TokenGate.Gateway.Ledger;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Review;
using TokenGate.Gateway.Screening;
using TokenGate.Gateway.Storage;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Composition;

/// <summary>The one composition root both hosts use, so the Standalone host and Azure Functions run the same product.</summary>
public static class TokenGateServiceCollectionExtensions
{
    /// <summary>Configuration section of the quota engine.</summary>
    public const string QuotaSectionName = "TokenGate:Quota";

    /// <summary>
    /// Registers TokenGate: stores (memory, or Azure Tables when configured), the quota engine and its
    /// entity synchronizer, token accounting, abuse screening (a swappable model retrained in process) and detection, the usage ledger, the usage-event path (Event Hubs when configured,
    /// in-process otherwise), the pipeline, the admin API and telemetry. The host adds a <c>DurableTaskClient</c>:
    /// <see cref="AddTokenGateInProcessEntities"/> for one process, the Functions binding on Azure.
    /// </summary>
    public static IServiceCollection AddTokenGate(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTokenGateStorage(configuration);

        services.AddOptions<QuotaEngineOptions>().Bind(configuration.GetSection(QuotaSectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new QuotaEngine(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<QuotaEngineOptions>>().Value,
            new LazySettlementObserver(sp.GetRequiredService<ISettlementObserver>)));
        services.TryAddSingleton<IQuotaEngine>(sp => sp.GetRequiredService<QuotaEngine>());
        services.TryAddSingleton<IQuotaSnapshotTarget>(sp => sp.GetRequiredService<QuotaEngine>());
        services.AddTokenGateQuotaSync(configuration);

        services.TryAddSingleton<UpstreamPressure>();
        services.TryAddSingleton<ILimitsResolver>(sp => new PolicyLimitsResolver(
            sp.GetRequiredService<IQuotaSnapshotTarget>(), sp.GetRequiredService<UpstreamPressure>(), sp.GetService<QuotaSynchronizer>()));
        services.TryAddSingleton<IRequestReader, CoreRequestReader>();
        services.TryAddSingleton<IRequestBodyRewriter, CoreRequestBodyRewriter>();
        services.TryAddSingleton<IUsageTapFactory, CoreUsageTapFactory>();

        services.TryAddSingleton<IUserBlocker, EntityUserBlocker>();
        services.TryAddSingleton<IIncidentSink, StoreIncidentSink>();
        services.TryAddSingleton<IReviewedExampleSource, StoreReviewedExampleSource>();
        services.TryAddSingleton<UsageLedgerProcessor>();
        services.TryAddSingleton<IUsageEventProcessor>(sp => new UsageEventFanout(
            [sp.GetRequiredService<UsageEventProcessor>(), sp.GetRequiredService<UsageLedgerProcessor>()]));
        services.AddTokenGateScreeningModel(configuration);
        services.AddTokenGateAbuseDetection(configuration);
        services.AddTokenGateScreeningReview(configuration);

        services.AddTokenGateEventHubs(configuration);
        services.AddTokenGateGateway(configuration);
        services.AddTokenGateTelemetry(configuration);
        services.AddTokenGateAdmin(configuration);
        return services;
    }

    /// <summary>Runs the quota entities inside this process (Standalone host, tests): memory, or Azure Tables when storage is configured.</summary>
    public static IServiceCollection AddTokenGateInProcessEntities(this IServiceCollection services) =>
        services.AddInProcessDurableEntities(registry => registry
            .AddEntity<UserQuotaEntity>(UserQuotaEntity.EntityName)
            .AddEntity<TenantQuotaEntity>(TenantQuotaEntity.EntityName));
}
