using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenGate.Functions.Durable;
using TokenGate.Gateway.Composition;

namespace TokenGate.Functions;

/// <summary>The Functions host's wiring: the shared composition root, with the Durable client the Functions bindings provide.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Registers TokenGate for the Functions host.</summary>
    public static IServiceCollection AddTokenGateFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<DurableClientAccessor>();
        services.TryAddSingleton<DurableTaskClient>(sp => new DeferredDurableTaskClient(sp.GetRequiredService<DurableClientAccessor>()));
        services.AddTokenGate(configuration);
        return services;
    }
}
