using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenGate.Core.Events;
using TokenGate.Functions.Triggers;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Functions.Tests;

/// <summary>The Functions app's container builds from local.settings.sample.json and every function resolves.</summary>
public sealed class ServiceProviderTests
{
    [Fact]
    public async Task Container_FromTheSampleSettings_ValidatesAndResolvesEveryFunction()
    {
        await using var provider = BuildFromSampleSettings();

        // What ValidateOnStart would do when the host starts: every options class binds and validates.
        var validator = provider.GetRequiredService<IStartupValidator>();
        validator.Validate();

        foreach (var functionClass in FunctionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(provider, functionClass));
        }

        Assert.NotNull(provider.GetRequiredService<TokenGateProxy>());
        Assert.NotNull(provider.GetRequiredService<IUsageEventProcessor>());
        Assert.NotEmpty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task Container_WithoutEventHubs_KeepsUsageEventsInProcess()
    {
        await using var provider = BuildFromSampleSettings();

        Assert.IsNotType<Gateway.EventHubs.EventHubUsageEventSink>(provider.GetRequiredService<IUsageEventSink>());
    }

    [Fact]
    public async Task Container_WithEventHubsConfigured_PublishesThere()
    {
        await using var provider = BuildFromSampleSettings(new Dictionary<string, string?> { ["TokenGate:Events:FullyQualifiedNamespace"] = "tokengate.servicebus.windows.net" });

        Assert.IsType<Gateway.EventHubs.EventHubUsageEventSink>(provider.GetRequiredService<IUsageEventSink>());
    }

    /// <summary>Every class that declares functions (instance classes are created per invocation by the worker).</summary>
    internal static IEnumerable<Type> FunctionClasses =>
        typeof(ProxyFunctions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0));

    internal static ServiceProvider BuildFromSampleSettings(IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))))
        {
            foreach (var setting in sample.RootElement.GetProperty("Values").EnumerateObject())
            {
                // App settings reach .NET configuration as environment variables do: "__" nests.
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = setting.Value.GetString();
            }
        }

        // Tables would need Azurite here; the container shape is the same with in-memory stores.
        values.Remove("TokenGate:Storage:ConnectionString");
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddTokenGateFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
