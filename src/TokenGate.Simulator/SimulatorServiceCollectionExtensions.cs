using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenGate.Simulator;
using TokenGate.Simulator.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the simulated Azure OpenAI upstream.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the simulator's services and binds <see cref="SimulatorOptions"/> to the <c>Simulator</c> section of
    /// <paramref name="configuration"/> (validated at start-up). Uses the registered <see cref="TimeProvider"/>, or the system clock.
    /// Pair with <c>endpoints.MapTokenGateSimulator()</c>.
    /// </summary>
    public static IServiceCollection AddTokenGateSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StatsRecorder>();
        services.TryAddSingleton<CallPlanner>();
        services.TryAddSingleton<SimulatorEndpoint>();
        return services;
    }
}
