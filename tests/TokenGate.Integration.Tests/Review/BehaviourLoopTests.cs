using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TokenGate.Integration.Tests.Review;

/// <summary>
/// The behavioural half of the loop in the Standalone host, end to end over HTTP and in process: requests →
/// usage events (the in-process channel the Event Hub replaces in Functions) → detectors → a block in the
/// user's entity → the next request refused → the incident in the admin API → unblock from the incident →
/// served again → the verdict stored on the incident.
/// </summary>
public sealed class BehaviourLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Template =
        "You are the order assistant of a small bicycle shop. A customer asks about their order and wants to know " +
        "whether the discount that was advertised last week still applies to it, how long delivery will take to a " +
        "rural address, and whether the helmet in the same order can be exchanged for a larger size. Answer politely, " +
        "briefly and only about this shop. Order reference {i}.";

    [Fact]
    public async Task PromptVariationFlood_BlocksTheUser_OpensOneIncident_AndUnblockFromTheIncidentServesThemAgain()
    {
        // Small flood thresholds keep the test short; everything else is the Standalone default wiring.
        await using var host = await ReviewLoopHost.StartAsync(new Dictionary<string, string?>
        {
            ["AbuseDetection:Detection:FloodMediumCount"] = "4",
            ["AbuseDetection:Detection:FloodHighCount"] = "8",
        });
        var mallory = await host.CreateUserAsync("acme", "mallory", """{"flagThreshold":0.5,"blockThreshold":0.9}""");
        var alice = await host.CreateUserAsync("acme", "alice", """{"flagThreshold":0.5,"blockThreshold":0.9}""");

        // One long request with one word changed each time: near-duplicate fingerprints, as a variation flood sends.
        var refusal = await SendUntilRefusedAsync(host, mallory, i => Template.Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, refusal.Status);
        Assert.Equal("user_blocked", refusal.Code);
        Assert.Equal(200, await host.ChatAsync(alice, "Tell me the discount code for order number 1 right now please"));

        // The episode escalated: the medium warning, then the high finding that carries the block.
        var incidents = (await GetJsonAsync(host, "/admin/incidents?detector=prompt-flood&tenant=acme")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["high", "medium"], incidents.Select(i => i.GetProperty("severity").GetString()));
        Assert.All(incidents, i => Assert.Equal("mallory", i.GetProperty("userId").GetString()));
        var incident = incidents[0];
        Assert.Equal(JsonValueKind.String, incident.GetProperty("blockedUntil").ValueKind);
        Assert.Equal("8", incident.GetProperty("evidence").GetProperty("near_duplicates_60s").GetString());
        var id = incident.GetProperty("id").GetString()!;

        using (var unblocked = await host.PostAsync($"/admin/incidents/{id}/unblock", "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
        }

        Assert.Equal(200, await EventuallyAsync(() => host.ChatAsync(mallory, "What are your opening hours on Sunday?"), status => status == 200));

        using (var dismissed = await host.PostAsync($"/admin/incidents/{id}/dismiss", """{"note":"load test from the customer's own CI"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        }

        var reviewed = await GetJsonAsync(host, $"/admin/incidents/{id}");
        Assert.Equal("dismissed", reviewed.GetProperty("status").GetString());
        Assert.Equal("admin", reviewed.GetProperty("reviewer").GetString());
        Assert.Equal("load test from the customer's own CI", reviewed.GetProperty("reviewNote").GetString());
    }

    private static async Task<(HttpStatusCode Status, string? Code)> SendUntilRefusedAsync(ReviewLoopHost host, string key, Func<int, string> prompt)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = prompt(i) } } }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = null;
            request.Headers.Add("api-key", key);
            using var response = await host.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return (response.StatusCode, body.GetProperty("error").GetProperty("code").GetString());
            }

            // The detectors see events a batch window later: pace the flood a little, as a script would.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException("the flood was never refused");
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> action, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await action();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task<JsonElement> GetJsonAsync(ReviewLoopHost host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
