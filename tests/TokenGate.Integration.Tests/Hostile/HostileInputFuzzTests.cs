using CsCheck;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>
/// Property-based fuzzing of the public OpenAI surface of a running Standalone host: every invalid
/// request gets an OpenAI-shaped 4xx, none a 5xx, and none reaches the upstream.
/// </summary>
public sealed class HostileInputFuzzTests : IAsyncLifetime
{
    public const int BodyLimit = 65_536;
    private HostileHost _host = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _host = await HostileHost.StartAsync(new Dictionary<string, string?> { ["TokenGate:Gateway:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _key = await _host.CreateUserAsync("t1", "fuzzer", new PlanDefinition { Name = "fuzz", RequestsPerMinute = 10_000_000, TokensPerMinute = 10_000_000_000, MaxConcurrentRequests = 10_000 });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public Task InvalidBodies_WithValidKey_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.InvalidBodies(_key), 55_000);

    [Fact]
    public Task BadCredentials_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.BadCredentials(_key), 25_000);

    [Fact]
    public Task OddMethodsAndRoutes_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.OddRoutes(_key), 20_000);

    [Fact]
    public Task OversizedBodies_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.Oversized(_key, BodyLimit), 1_500);

    [Fact]
    public Task InvalidUtf8InReadTexts_IsRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.InvalidUtf8Bodies(_key), 500);

    [Fact]
    public Task UnpairedSurrogateEscapes_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.UnpairedSurrogateEscapes(_key), 500);

    [Fact]
    public Task TrailingContentAfterTheJsonBody_IsRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.TrailingContent(_key), 200);

    [Fact]
    public Task DuplicateKeys_AreRefusedWithOpenAIErrorAndNeverForwarded() =>
        RunAsync(HostileInputs.DuplicateKeys(_key), 500);

    private async Task RunAsync(Gen<HostileRequest> gen, long iterations)
    {
        await gen.SampleAsync(
            async request =>
            {
                var problem = await HostileClient.SendAndJudgeAsync(_host, request);
                Assert.True(problem is null, $"{request} → {problem}");
            },
            iter: iterations,
            threads: 4);
        Assert.Equal(0, _host.Upstream.Count);
    }
}
