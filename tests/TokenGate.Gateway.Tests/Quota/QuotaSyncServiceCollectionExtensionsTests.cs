using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Tests.Quota;

public class QuotaSyncServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var host = new QuotaSyncTestHost();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(host.Time);
        services.AddSingleton<DurableTaskClient>(host.Client);
        services.AddSingleton<IQuotaSnapshotTarget>(new EngineViewDouble());
        services.AddTokenGateQuotaSync(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void AddTokenGateQuotaSync_RegistersTheSynchronizerAsTheSettlementObserver()
    {
        using var provider = Build([]);

        var synchronizer = provider.GetRequiredService<QuotaSynchronizer>();

        Assert.Same(synchronizer, provider.GetRequiredService<ISettlementObserver>());
        Assert.IsType<UserQuotaCommands>(provider.GetRequiredService<IUserQuotaCommands>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is QuotaSyncService);
    }

    [Fact]
    public void AddTokenGateQuotaSync_WithoutSettings_UsesTheDocumentedDefaults()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<QuotaSyncOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10), 8),
            (options.FlushInterval, options.RefreshInterval, options.ResendInterval, options.ActiveAccountTtl, options.MaxConcurrentReads));
        Assert.Equal(QuotaSyncOptions.ProcessSourceId, options.SourceId);
    }

    [Fact]
    public void AddTokenGateQuotaSync_BindsTheTokenGateQuotaSyncSection()
    {
        using var provider = Build(new() { ["TokenGate:QuotaSync:RefreshInterval"] = "00:00:05", ["TokenGate:QuotaSync:FlushInterval"] = "00:00:00.500" });

        var options = provider.GetRequiredService<IOptions<QuotaSyncOptions>>().Value;

        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), (options.FlushInterval, options.RefreshInterval));
    }

    [Theory]
    [InlineData("TokenGate:QuotaSync:RefreshInterval", "00:00:00")]
    [InlineData("TokenGate:QuotaSync:MaxConcurrentReads", "0")]
    [InlineData("TokenGate:QuotaSync:ResendInterval", "00:00:01")]
    [InlineData("TokenGate:QuotaSync:SourceId", "")]
    public void AddTokenGateQuotaSync_WithAnInvalidSetting_FailsAtStart(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var validation = provider.GetRequiredService<IStartupValidator>();

        Assert.Throws<OptionsValidationException>(validation.Validate);
    }
}
