using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TokenGate.Simulator.Tests;

/// <summary>Both ways of hosting: SimulatorHost on port 0, and AddTokenGateSimulator/MapTokenGateSimulator in an app of one's own.</summary>
public sealed class SimulatorHostTests
{
    [Fact]
    public async Task StartAsync_OnPortZero_BindsALoopbackPortAndServes()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.PostAsync("openai/v1/chat/completions", new StringContent("""{"model":"m","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        Assert.NotEqual(0, host.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.GetStats().Deployments["m"].Requests);
    }

    [Fact]
    public async Task StartAsync_WithInvalidOptions_FailsAtStartUp()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => SimulatorHost.StartAsync(configure: o => o.TokensPerChunk = 0));
    }

    [Fact]
    public async Task MapTokenGateSimulator_InOwnApp_BindsTheSimulatorSection()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:ApiKey"] = "from-config",
            ["Simulator:DefaultCompletionTokens"] = "3",
            ["Simulator:ChaosFaults:0"] = "ServiceUnavailable",
        });
        builder.Services.AddTokenGateSimulator(builder.Configuration);
        await using var app = builder.Build();
        app.MapTokenGateSimulator();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Add("api-key", "from-config");

        using var response = await http.PostAsync("openai/deployments/d/chat/completions", new StringContent("""{"messages":[{"role":"user","content":"x"}]}"""));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"completion_tokens\":3", body, StringComparison.Ordinal);
        Assert.Equal([SimulatorFault.ServiceUnavailable], app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value.ChaosFaults);
        await app.StopAsync();
    }
}
