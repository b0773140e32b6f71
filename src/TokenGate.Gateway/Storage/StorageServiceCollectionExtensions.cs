using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Entities;

namespace TokenGate.Gateway.Storage;

/// <summary>DI registration of the stores and the entity state store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IApiKeyStore"/>, <see cref="IDirectoryStore"/>, <see cref="IUsageLedgerStore"/>,
    /// <see cref="IIncidentStore"/>, <see cref="ILabelledExampleStore"/>, <see cref="IBehaviourStateStore"/> and <see cref="IEntityStateStore"/> as singletons:
    /// Azure Tables when <c>TokenGate:Storage:ConnectionString</c> or <c>TokenGate:Storage:TableEndpoint</c> is set
    /// (the endpoint with <c>DefaultAzureCredential</c>, or <c>ManagedIdentityCredential</c> when
    /// <c>TokenGate:Storage:ManagedIdentityClientId</c> is set), otherwise in memory. Options are validated at start-up.
    /// A <see cref="TableClientOptions"/> singleton registered beforehand is used for the table client (extra pipeline
    /// policies, diagnostics); its retry settings are overwritten from <see cref="TokenGateStorageOptions"/>.
    /// </summary>
    public static IServiceCollection AddTokenGateStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TokenGateStorageOptions.SectionName);
        services.AddOptions<TokenGateStorageOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(
                o => string.IsNullOrWhiteSpace(o.ConnectionString) || o.TableEndpoint is null,
                "Set either TokenGate:Storage:ConnectionString or TokenGate:Storage:TableEndpoint, not both.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // The choice of implementation is made now, from the same settings the options validate.
        var settings = section.Get<TokenGateStorageOptions>() ?? new TokenGateStorageOptions();
        if (!settings.UsesTables)
        {
            services.TryAddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
            services.TryAddSingleton<IDirectoryStore, InMemoryDirectoryStore>();
            services.TryAddSingleton<IUsageLedgerStore, InMemoryUsageLedgerStore>();
            services.TryAddSingleton<IIncidentStore, InMemoryIncidentStore>();
            services.TryAddSingleton<ILabelledExampleStore, InMemoryLabelledExampleStore>();
            services.TryAddSingleton<IBehaviourStateStore, InMemoryBehaviourStateStore>();
            services.TryAddSingleton<IEntityStateStore, InMemoryEntityStateStore>();
            return services;
        }

        services.TryAddSingleton(sp => new TokenGateTables(sp.GetRequiredService<IOptions<TokenGateStorageOptions>>().Value, sp.GetService<TableClientOptions>()));
        services.TryAddSingleton<IApiKeyStore>(sp => Create(sp, (c, p) => new TableApiKeyStore(c, p)));
        services.TryAddSingleton<IDirectoryStore>(sp => Create(sp, (c, p) => new TableDirectoryStore(c, p)));
        services.TryAddSingleton<IUsageLedgerStore>(sp => Create(sp, (c, p) => new TableUsageLedgerStore(c, p)));
        services.TryAddSingleton<IIncidentStore>(sp => Create(sp, (c, p) => new TableIncidentStore(c, p)));
        services.TryAddSingleton<ILabelledExampleStore>(sp => Create(sp, (c, p) => new TableLabelledExampleStore(c, p)));
        services.TryAddSingleton<IBehaviourStateStore>(sp => Create(sp, (c, p) => new TableBehaviourStateStore(c, p)));
        services.TryAddSingleton<IEntityStateStore>(sp => Create(sp, (c, p) => new TableEntityStateStore(c, p)));
        return services;
    }

    private static T Create<T>(IServiceProvider services, Func<TableServiceClient, string, T> factory)
    {
        var tables = services.GetRequiredService<TokenGateTables>();
        return factory(tables.Client, tables.Prefix);
    }

    /// <summary>The one table service client all stores share.</summary>
    internal sealed class TokenGateTables
    {
        public TokenGateTables(TokenGateStorageOptions options, TableClientOptions? clientOptions)
        {
            Prefix = options.TablePrefix;
            clientOptions ??= new TableClientOptions();
            clientOptions.Retry.MaxRetries = options.MaxRetries;
            clientOptions.Retry.Delay = options.RetryDelay;
            clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
            Client = !string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.ConnectionString, clientOptions)
                : new TableServiceClient(options.TableEndpoint!, Credential(options), clientOptions);
        }

        public TableServiceClient Client { get; }

        public string Prefix { get; }

        private static TokenCredential Credential(TokenGateStorageOptions options) =>
            string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
    }
}
