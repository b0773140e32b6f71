using TokenGate.Core.Plans;
using TokenGate.Testing;

namespace TokenGate.Integration.Tests;

/// <summary>
/// The npm <c>openai</c> package's <c>AzureOpenAI</c> client, run by Node against the Standalone
/// host over real HTTP: chat, streaming with the final usage chunk, and an exhausted budget, which
/// this client does not retry because TokenGate says <c>x-should-retry: false</c>.
/// </summary>
public sealed class NpmOpenAIClientTests : IAsyncLifetime
{
    private const string Script = """
        const { AzureOpenAI } = require('openai');
        const [endpoint, key, mode] = process.argv.slice(2);
        const client = new AzureOpenAI({ endpoint, apiKey: key, apiVersion: '2024-10-21', deployment: 'gpt-4o-mini', maxRetries: 2 });
        (async () => {
          if (mode === 'chat') {
            const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
            console.log(JSON.stringify({ text: r.choices[0].message.content, total: r.usage.total_tokens }));
          } else if (mode === 'stream') {
            const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] });
            let text = ''; let usage = null;
            for await (const chunk of stream) { if (chunk.choices[0]) text += chunk.choices[0].delta.content ?? ''; if (chunk.usage) usage = chunk.usage; }
            console.log(JSON.stringify({ text, total: usage && usage.total_tokens }));
          } else {
            try { await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }); console.log('{"unexpected":true}'); }
            catch (e) { console.log(JSON.stringify({ status: e.status, type: e.type ?? (e.error && e.error.type) })); }
          }
        })().catch(e => { console.error(String(e)); process.exit(1); });
        """;

    private GatewayHost _host = null!;
    private NpmTool _openai = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync();
        _openai = await NpmTool.EnsureInstalledAsync("openai", "6.30.1");
        await File.WriteAllTextAsync(Path.Combine(_openai.Directory, "tokengate-client.js"), Script);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Chat_ThroughGateway_ReturnsUpstreamAnswer()
    {
        var key = await _host.CreateUserAsync("npm-chat", Plan("npm-p-chat"));

        var output = await RunAsync(key, "chat");

        Assert.Contains(FakeUpstream.Expected, output, StringComparison.Ordinal);
        Assert.Contains($"\"total\":{FakeUpstream.PromptTokens + FakeUpstream.CompletionTokens}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ThroughGateway_DeliversTextAndTheUsageChunk()
    {
        var key = await _host.CreateUserAsync("npm-stream", Plan("npm-p-stream"));

        var output = await RunAsync(key, "stream");

        Assert.Contains(FakeUpstream.Expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"total\":null", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExhaustedBudget_IsNotRetried()
    {
        var key = await _host.CreateUserAsync("npm-budget", Plan("npm-p-budget", budget: 1));
        var before = _host.Upstream.Received.Count;

        var output = await RunAsync(key, "budget");

        Assert.Contains("\"status\":429", output, StringComparison.Ordinal);
        Assert.Contains("insufficient_quota", output, StringComparison.Ordinal);
        Assert.Equal(before, _host.Upstream.Received.Count);
    }

    private static PlanDefinition Plan(string name, long? budget = null) =>
        new() { Name = name, RequestsPerMinute = 100, TokensPerMinute = 1_000_000, MonthlyTokenBudget = budget, MaxOutputTokens = 256 };

    private async Task<string> RunAsync(string key, string mode)
    {
        var (exitCode, output) = await NodeTools.RunAsync(
            "node", ["tokengate-client.js", _host.BaseAddress.AbsoluteUri.TrimEnd('/'), key, mode], _openai.Directory, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, output);
        return output;
    }
}
