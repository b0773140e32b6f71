using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TokenGate.Simulator.Tests;

/// <summary>Starts a fresh simulator on a loopback port per test, with a raw HttpClient.</summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    protected const string Key = "sim-test-key";

    protected SimulatorHost Host { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected virtual void Configure(SimulatorOptions options) => options.ApiKey = Key;

    public virtual async Task InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(configure: Configure);
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
        Http.DefaultRequestHeaders.Add("api-key", Key);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    protected static string Chat(string prompt, string extra = "") =>
        $$"""{"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]{{extra}}}""";

    protected Task<HttpResponseMessage> PostAsync(string path, string json, params (string Name, string Value)[] headers) =>
        SendAsync(path, json, HttpCompletionOption.ResponseContentRead, CancellationToken.None, headers);

    protected async Task<HttpResponseMessage> SendAsync(
        string path, string json, HttpCompletionOption completion, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request, completion, ct);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>The <c>data:</c> payloads of an SSE body, in order.</summary>
    protected static List<string> SseData(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(e => e.Split('\n'))
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => l["data: ".Length..])
            .ToList();

    protected static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);

    protected async Task<SimulatorStatsSnapshot> StatsAsync()
    {
        var json = await Http.GetStringAsync("_sim/stats");
        return JsonSerializer.Deserialize<SimulatorStatsSnapshot>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
