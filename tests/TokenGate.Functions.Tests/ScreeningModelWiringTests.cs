using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Screening;

namespace TokenGate.Functions.Tests;

/// <summary>The Functions app screens with the swappable model and shares retrained models through the table store.</summary>
public sealed class ScreeningModelWiringTests
{
    [Fact]
    public async Task Container_FromTheSampleSettings_ScreensWithTheLiveModelAndStoresModelsInTables()
    {
        // Resolving the table store opens no connection, so the sample's storage setting can stay.
        await using var provider = ServiceProviderTests.BuildFromSampleSettings(new Dictionary<string, string?> { ["TokenGate:Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        Assert.IsType<TableScreeningModelStore>(provider.GetRequiredService<IScreeningModelStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is ScreeningModelRefreshService);
        var holder = provider.GetRequiredService<PromptModelHolder>();
        var screener = Assert.IsType<PromptScreener>(provider.GetRequiredService<IPromptScreener>());
        Assert.Same(holder.Current, screener.Model);
        Assert.NotNull(provider.GetRequiredService<ScreeningRetrainer>());
    }
}
