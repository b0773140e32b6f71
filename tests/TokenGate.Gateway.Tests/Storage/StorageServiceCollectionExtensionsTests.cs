using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Entities;
using TokenGate.Gateway.Storage;
using TokenGate.Gateway.Tests.Entities;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

[Collection(AzuriteFixture.Collection)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public void AddTokenGateStorage_WithoutSettings_UsesMemory()
    {
        using var provider = Build([]);

        Assert.IsType<InMemoryApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.IsType<InMemoryDirectoryStore>(provider.GetRequiredService<IDirectoryStore>());
        Assert.IsType<InMemoryUsageLedgerStore>(provider.GetRequiredService<IUsageLedgerStore>());
        Assert.IsType<InMemoryIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.IsType<InMemoryLabelledExampleStore>(provider.GetRequiredService<ILabelledExampleStore>());
        Assert.IsType<InMemoryEntityStateStore>(provider.GetRequiredService<IEntityStateStore>());
    }

    [Fact]
    public void AddTokenGateStorage_WithAConnectionString_UsesTables()
    {
        using var provider = Build(new() { ["TokenGate:Storage:ConnectionString"] = azurite.ConnectionString });

        Assert.IsType<TableApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.IsType<TableDirectoryStore>(provider.GetRequiredService<IDirectoryStore>());
        Assert.IsType<TableUsageLedgerStore>(provider.GetRequiredService<IUsageLedgerStore>());
        Assert.IsType<TableIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.IsType<TableLabelledExampleStore>(provider.GetRequiredService<ILabelledExampleStore>());
        Assert.IsType<TableEntityStateStore>(provider.GetRequiredService<IEntityStateStore>());
    }

    [Fact]
    public void AddTokenGateStorage_WithATableEndpoint_UsesTablesWithAnIdentity()
    {
        using var provider = Build(new()
        {
            ["TokenGate:Storage:TableEndpoint"] = "https://example.table.core.windows.net",
            ["TokenGate:Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.IsType<TableApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
    }

    [Theory]
    [InlineData("TokenGate:Storage:TablePrefix", "1bad-prefix")]
    [InlineData("TokenGate:Storage:TableEndpoint", "https://example.table.core.windows.net")]
    public void AddTokenGateStorage_WithInvalidSettings_FailsValidation(string key, string value)
    {
        using var provider = Build(new() { ["TokenGate:Storage:ConnectionString"] = "UseDevelopmentStorage=true", [key] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TokenGateStorageOptions>>().Value);
    }

    [Fact]
    public async Task AddInProcessDurableEntities_WithTables_PersistsEntityStateThroughTheDurableTaskClient()
    {
        var probe = new CounterProbe();
        var prefix = TestIds.TablePrefix();
        Dictionary<string, string?> settings = new()
        {
            ["TokenGate:Storage:ConnectionString"] = azurite.ConnectionString,
            ["TokenGate:Storage:TablePrefix"] = prefix,
        };
        var id = new EntityInstanceId(CounterEntity.Name, "di");

        await using (var provider = Build(settings, r => r.AddEntity(CounterEntity.Name, _ => new CounterEntity(probe))))
        {
            var client = provider.GetRequiredService<DurableTaskClient>();
            Assert.IsType<InProcessDurableTaskClient>(client);
            await client.Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 3);
        }

        // Disposing the container drained the queue into Tables.
        await using var again = Build(settings, r => r.AddEntity(CounterEntity.Name, _ => new CounterEntity(probe)));
        var state = await again.GetRequiredService<DurableTaskClient>().Entities.GetEntityAsync<CounterState>(id);
        Assert.Equal(3, state!.State.Value);
    }

    [Fact]
    public async Task AddInProcessDurableEntities_RegisteredBeforeTheStores_StillKeepsEntityStateInTables()
    {
        // The Standalone host's order: entities first, then AddTokenGate → AddTokenGateStorage.
        var probe = new CounterProbe();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TokenGate:Storage:ConnectionString"] = azurite.ConnectionString,
            ["TokenGate:Storage:TablePrefix"] = TestIds.TablePrefix(),
        }).Build();
        var services = new ServiceCollection().AddInProcessDurableEntities(r => r.AddEntity(CounterEntity.Name, _ => new CounterEntity(probe)));
        services.AddTokenGateStorage(configuration);
        var id = new EntityInstanceId(CounterEntity.Name, "order");
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<TableEntityStateStore>(provider.GetRequiredService<IEntityStateStore>());
            await provider.GetRequiredService<DurableTaskClient>().Entities.SignalEntityAsync(id, nameof(CounterEntity.Add), 2);
        }

        var stored = await new TableEntityStateStore(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), configuration["TokenGate:Storage:TablePrefix"]!)
            .GetAsync(new EntityInstanceId(CounterEntity.Name.ToLowerInvariant(), "order"), default);
        Assert.NotNull(stored);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<InProcessEntityRegistry>? entities = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddTokenGateStorage(configuration);
        if (entities is not null)
        {
            services.AddInProcessDurableEntities(entities);
        }

        return services.BuildServiceProvider();
    }
}
