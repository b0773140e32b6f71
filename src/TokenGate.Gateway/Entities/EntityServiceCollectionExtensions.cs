using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Entities;

/// <summary>DI registration of the in-process Durable Task client.</summary>
public static class EntityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InProcessDurableTaskClient"/> as the singleton <see cref="DurableTaskClient"/>, running the
    /// entities <paramref name="configure"/> registers. Entity state goes to the registered <see cref="IEntityStateStore"/>
    /// (Tables when <c>AddTokenGateStorage</c> configured them), else memory. Calling it again adds more entities.
    /// On shutdown a hosted service waits for queued signals to be applied, and disposing the container stops the client.
    /// </summary>
    public static IServiceCollection AddInProcessDurableEntities(this IServiceCollection services, Action<InProcessEntityRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(InProcessEntityRegistry))?.ImplementationInstance as InProcessEntityRegistry;
        if (registry is null)
        {
            registry = new InProcessEntityRegistry();
            services.AddSingleton(registry);
        }

        configure(registry);
        services.TryAddSingleton(TimeProvider.System);
        // Resolved, not registered here: registering memory first would shadow the Table store AddTokenGateStorage adds later.
        services.TryAddSingleton(sp => new InProcessDurableTaskClient(
            sp.GetRequiredService<InProcessEntityRegistry>(),
            sp.GetService<IEntityStateStore>() ?? new InMemoryEntityStateStore(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<InProcessDurableTaskClient>>()));
        services.TryAddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<InProcessDurableTaskClient>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InProcessEntityDrainService>());
        return services;
    }
}
