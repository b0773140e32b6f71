using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Storage;
using TokenGate.Standalone;

namespace TokenGate.Integration.Tests;

/// <summary>The Standalone host's start-up: embedded plans, the demo user, options validated before serving.</summary>
public sealed class StandaloneStartupTests
{
    [Fact]
    public async Task Start_WithDefaults_LoadsEmbeddedPlansAndCreatesDemoUserAgainstItsOwnUpstream()
    {
        var app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
        });
        await using (app)
        {
            await app.StartAsync();
            var directory = app.Services.GetRequiredService<IDirectoryStore>();

            Assert.Equal(["enterprise", "free", "pro"], (await directory.ListPlansAsync(default)).Select(p => p.Name).Order());
            Assert.Equal("free", (await directory.GetUserAsync("demo", "alice", default))?.Plan);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Start_WithInvalidOption_FailsBeforeServing()
    {
        var app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration["TokenGate:Gateway:MaxRequestBodyBytes"] = "10";
        });
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("MaxRequestBodyBytes", error.Message, StringComparison.Ordinal);
        }
    }
}
