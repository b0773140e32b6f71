using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Review;
using TokenGate.Standalone;

namespace TokenGate.Integration.Tests.Review;

/// <summary>The Standalone host with its in-process simulator upstream, driven over HTTP through the gateway and the admin API.</summary>
internal sealed class ReviewLoopHost : IAsyncDisposable
{
    public const string AdminKey = "review-admin-key-0123456789abcdefghijklmnop";

    private readonly WebApplication _app;

    private ReviewLoopHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ScreeningReviewQueue Queue => Services.GetRequiredService<ScreeningReviewQueue>();

    public IIncidentSink Incidents => Services.GetRequiredService<IIncidentSink>();

    public static async Task<ReviewLoopHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration["TokenGate:Admin:Key"] = AdminKey;
            builder.Configuration["TokenGate:Standalone:CreateDemoKey"] = "false";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }

            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return new ReviewLoopHost(app, client);
    }

    /// <summary>Creates the tenant with a screening policy (JSON object) and a user on "pro"; returns the user's key.</summary>
    public async Task<string> CreateUserAsync(string tenant, string user, string screeningJson)
    {
        (await PutAsync($"/admin/tenants/{tenant}", $$"""{"defaultPlan":"pro","screening":{{screeningJson}}}""")).EnsureSuccessStatusCode();
        (await PutAsync($"/admin/tenants/{tenant}/users/{user}", """{"plan":"pro"}""")).EnsureSuccessStatusCode();
        using var response = await Client.PostAsync($"/admin/tenants/{tenant}/users/{user}/keys", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Sends one chat completion as the key's user; returns the status code.</summary>
    public async Task<int> ChatAsync(string key, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = null;
        request.Headers.Add("api-key", key);
        using var response = await Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>The review incidents opened by inline screening, after the writer has handled everything queued.</summary>
    public async Task<IReadOnlyList<Incident>> ReviewIncidentsAsync()
    {
        await Queue.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return await Incidents.ListAsync(new IncidentQuery(Detector: ScreeningReviewWriter.Detector, Limit: 1000), CancellationToken.None);
    }

    public Task<HttpResponseMessage> PutAsync(string path, string json) =>
        Client.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
