using System.Net;
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
using TokenGate.Core.Detection;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Screening;
using TokenGate.Standalone;

namespace TokenGate.Integration.Tests;

/// <summary>
/// The review loop's last step on the Standalone host: reviewers dismiss false alarms with their text,
/// an admin retrains over HTTP, the live screener changes without a restart (a prompt it blocked now goes
/// through), and a fresh instance on the same model store starts with the retrained model.
/// </summary>
public sealed class StandaloneRetrainingTests
{
    private const string AdminKey = "retrain-admin-key-0123456789abcdefghijklmnop";

    // Benign prompts the shipped model flags; what a reviewer dismisses as false positives.
    private static readonly string[] FalsePositives =
    [
        "Forget everything I said about the blue theme, let's use green for the dashboard.",
        "Ignore all previous instructions in this email thread and summarise only the last message.",
        "Ignore previous instructions printed on the box and follow the updated assembly guide.",
    ];

    [Fact]
    public async Task ReviewThenRetrain_ChangesTheLiveScreener_AndAFreshInstanceLoadsTheRetrainedModel()
    {
        var sharedStore = new InMemoryScreeningModelStore();
        double[] before;
        string retrainedHash;
        await using (var first = await StartAsync(sharedStore))
        {
            var model = await first.GetJsonAsync("/admin/screening/model");
            Assert.Equal("embedded", model.GetProperty("model").GetProperty("source").GetString());
            before = Scores(first.App);
            Assert.All(before, s => Assert.True(s >= 0.5));
            var userKey = await first.CreateUserKeyAsync();
            using (var blocked = await first.ChatAsync(userKey, FalsePositives[2]))
            {
                Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            }

            // Review: one incident per flagged prompt, dismissed with its text (how verdicts become labelled examples).
            var sink = first.App.Services.GetRequiredService<IIncidentSink>();
            for (var i = 0; i < FalsePositives.Length; i++)
            {
                var (incident, _) = await sink.CreateIfAbsentAsync(Incident($"retrain-e2e-{i}"), default);
                using var dismissed = await first.Client.PostAsync(
                    $"/admin/incidents/{incident.Id}/dismiss",
                    Json(JsonSerializer.Serialize(new { note = "a customer asking about their own e-mail", exampleText = FalsePositives[i] })));
                Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
            }

            using var started = await first.Client.PostAsync("/admin/screening/retrain", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.EndsWith("/admin/screening/retrain/" + runId, started.Headers.Location!.OriginalString, StringComparison.Ordinal);

            using (var second = await first.Client.PostAsync("/admin/screening/retrain", null))
            {
                Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
                Assert.Equal("retrain_in_progress", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
            }

            await first.App.Services.GetRequiredService<ScreeningRetrainer>().WhenIdleAsync();
            var run = await first.GetJsonAsync("/admin/screening/retrain/" + runId);
            Assert.Equal("accepted", run.GetProperty("status").GetString());
            Assert.True(run.GetProperty("accepted").GetBoolean());
            Assert.Equal(3, run.GetProperty("reviewedCount").GetInt32());
            foreach (var side in new[] { "before", "after" })
            {
                foreach (var metric in new[] { "precision", "recall", "f1", "falsePositiveRate" })
                {
                    Assert.InRange(run.GetProperty(side).GetProperty(metric).GetDouble(), 0, 1);
                }
            }

            model = (await first.GetJsonAsync("/admin/screening/model")).GetProperty("model");
            Assert.Equal("stored", model.GetProperty("source").GetString());
            retrainedHash = model.GetProperty("hash").GetString()!;
            Assert.Equal(run.GetProperty("modelHash").GetString(), retrainedHash);
            var after = Scores(first.App);
            Assert.All(before.Zip(after), p => Assert.True(p.Second < p.First, $"score {p.First} did not drop (now {p.Second})"));
            using (var allowed = await first.ChatAsync(userKey, FalsePositives[2]))
            {
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            }
        }

        await using var fresh = await StartAsync(sharedStore);
        var freshModel = (await fresh.GetJsonAsync("/admin/screening/model")).GetProperty("model");
        Assert.Equal("stored", freshModel.GetProperty("source").GetString());
        Assert.Equal(retrainedHash, freshModel.GetProperty("hash").GetString());
        Assert.All(before.Zip(Scores(fresh.App)), p => Assert.True(p.Second < p.First));
    }

    [Fact]
    public async Task ScreeningAdminRoutes_RefuseUserKeysAndAnonymousCallers()
    {
        await using var host = await StartAsync(new InMemoryScreeningModelStore());
        var userKey = await host.CreateUserKeyAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        using var user = new HttpClient { BaseAddress = host.Client.BaseAddress };
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", userKey);

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/admin/screening/retrain"), (HttpMethod.Get, "/admin/screening/retrain/rt_0"), (HttpMethod.Get, "/admin/screening/model") })
        {
            using var asUser = await user.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
            Assert.Equal("forbidden", (await asUser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
            using var asNobody = await anonymous.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Unauthorized, asNobody.StatusCode);
        }

        Assert.False(host.App.Services.GetRequiredService<ScreeningRetrainer>().IsRunning);
        using var unknown = await host.Client.GetAsync("/admin/screening/retrain/rt_unknown");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static double[] Scores(WebApplication app)
    {
        var screener = (PromptScreener)app.Services.GetRequiredService<IPromptScreener>();
        return [.. FalsePositives.Select(t => screener.Assess([t]).Score)];
    }

    private static Incident Incident(string key) => new()
    {
        Id = key,
        DeduplicationKey = key,
        Detector = "screening",
        SubjectKind = "user",
        Subject = "demo/alice",
        TenantId = "demo",
        UserId = "alice",
        Severity = FindingSeverity.Medium,
        Score = 0.8,
        DetectedAt = new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero),
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<Host> StartAsync(IScreeningModelStore store)
    {
        var app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration["TokenGate:Admin:Key"] = AdminKey;
            builder.Services.AddSingleton(store);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return new Host(app, client);
    }

    private sealed record Host(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async Task<string> CreateUserKeyAsync()
        {
            using var created = await Client.PostAsync("/admin/tenants/demo/users/alice/keys", Json("{}"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }

        public async Task<HttpResponseMessage> ChatAsync(string userKey, string prompt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
            {
                Content = Json(JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = prompt } }, max_tokens = 16 })),
            };
            request.Headers.Add("api-key", userKey);
            using var asUser = new HttpClient { BaseAddress = Client.BaseAddress };
            return await asUser.SendAsync(request);
        }

        public async Task<JsonElement> GetJsonAsync(string path)
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
