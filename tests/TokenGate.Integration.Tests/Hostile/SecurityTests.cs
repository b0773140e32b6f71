using System.Net;
using System.Text;
using TokenGate.Core.Events;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Secrets stay secret, users and tenants stay apart, and identity cannot be claimed from outside.</summary>
public sealed class SecurityTests
{
    private const string Chat = """{"messages":[{"role":"user","content":"Hello there"}],"max_tokens":5}""";

    [Fact]
    public async Task KeysAndUpstreamCredential_NeverAppearInLogsResponsesOrUsageEvents()
    {
        await using var host = await HostileHost.StartAsync();
        var key = await host.CreateUserAsync("t1", "alice", Plan("p", 1_000_000));
        var secret = key[(key.LastIndexOf('_') + 1)..];
        var wrongSecret = key[..(key.LastIndexOf('_') + 1)] + new string('Z', secret.Length);
        var transcript = new StringBuilder();

        async Task Send(string path, string body, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await host.Client.SendAsync(request);
            transcript.Append(response.Headers).Append(response.Content.Headers).AppendLine(await response.Content.ReadAsStringAsync());
        }

        await Send(HostileInputs.ChatPath, Chat, ("api-key", key));
        await Send(HostileInputs.EmbeddingsPath, HostileInputs.ValidEmbeddings, ("authorization", "Bearer " + key));
        await Send(HostileInputs.V1ChatPath, HostileInputs.ValidV1Chat, ("api-key", key));
        await Send(HostileInputs.ChatPath, "{\"messages\":", ("api-key", key));
        await Send(HostileInputs.ChatPath, Chat, ("api-key", wrongSecret));
        await Send(HostileInputs.ChatPath, Chat, ("api-key", key + "x"));
        await Send(HostileInputs.ChatPath, Chat, ("authorization", "Bearer " + wrongSecret));
        await Send(HostileInputs.ChatPath, Chat, ("api-key", key), ("x-tokengate-user", "bob"));
        await Send("/openai/deployments/gpt-4o-mini/chat/completions", Chat, ("api-key", key));

        Assert.Equal(3, host.Upstream.Count);
        Assert.NotEmpty(host.Events.Events);
        var events = string.Join("\n", host.Events.Events.Select(e => Encoding.UTF8.GetString(UsageEventJson.Serialize(e))));
        var logs = string.Join("\n", host.Logs.Lines);
        foreach (var (name, text) in new[] { ("logs", logs), ("responses", transcript.ToString()), ("usage events", events) })
        {
            foreach (var forbidden in new[] { key, secret, wrongSecret, wrongSecret[(wrongSecret.LastIndexOf('_') + 1)..], HostileHost.UpstreamKey })
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"a secret appeared in the {name}");
            }
        }
    }

    [Fact]
    public async Task ExhaustingOneUsersBudget_NeverSpendsAnotherUsersOrAnotherTenantsSameNamedUser()
    {
        await using var host = await HostileHost.StartAsync();
        var alice = await host.CreateUserAsync("t1", "alice", Plan("small", 200));
        var bob = await host.CreateUserAsync("t1", "bob", Plan("large", 1_000_000));
        var otherAlice = await host.CreateUserAsync("t2", "alice", Plan("small", 200));

        var refused = false;
        for (var i = 0; i < 200 && !refused; i++)
        {
            using var response = await PostAsync(host, alice);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests;
            Assert.True(response.IsSuccessStatusCode || refused, $"unexpected {(int)response.StatusCode}");
        }

        Assert.True(refused, "alice's 200-token budget was never exhausted");
        using (var stillRefused = await PostAsync(host, alice))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        }

        using var bobs = await PostAsync(host, bob);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
        Assert.Equal("1000000", Header(bobs, "x-tokengate-budget-tokens-limit"));
        Assert.True(long.Parse(Header(bobs, "x-tokengate-budget-tokens-remaining")!, System.Globalization.CultureInfo.InvariantCulture) > 999_000);

        using var otherTenants = await PostAsync(host, otherAlice);
        Assert.Equal(HttpStatusCode.OK, otherTenants.StatusCode);
        Assert.Equal("200", Header(otherTenants, "x-tokengate-budget-tokens-limit"));
    }

    [Fact]
    public async Task KeyIdOfAnotherUserWithOwnSecret_IsRefusedAndNeverForwarded()
    {
        await using var host = await HostileHost.StartAsync();
        var alice = await host.CreateUserAsync("t1", "alice", Plan("p", 1_000_000));
        var bob = await host.CreateUserAsync("t1", "bob", Plan("p", 1_000_000));
        var forged = bob[..(bob.LastIndexOf('_') + 1)] + alice[(alice.LastIndexOf('_') + 1)..];

        using var response = await PostAsync(host, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(OpenAIErrorShape.Problem(401, "POST", await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(0, host.Upstream.Count);
    }

    [Theory]
    [InlineData("GET", "/admin/plans")]
    [InlineData("PUT", "/admin/plans/free")]
    [InlineData("PUT", "/admin/tenants/t1/users/alice")]
    [InlineData("GET", "/admin/tenants/t2")]
    [InlineData("POST", "/admin/tenants/t1/users/alice/keys")]
    [InlineData("DELETE", "/admin/tenants/t1/users/bob")]
    public async Task AdminApi_RefusesUserKeys(string method, string path)
    {
        await using var host = await HostileHost.StartAsync();
        var key = await host.CreateUserAsync("t1", "alice", Plan("p", 1_000_000));

        foreach (var header in new[] { ("api-key", key), ("authorization", "Bearer " + key) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.TryAddWithoutValidation(header.Item1, header.Item2);
            if (method is "PUT" or "POST")
            {
                request.Content = new StringContent("""{"name":"free","requestsPerMinute":1000000,"plan":"enterprise"}""", Encoding.UTF8, "application/json");
            }

            using var response = await host.Client.SendAsync(request);
            // A user key is never an admin credential: 403 when it is presented as a bearer token (recognised, not
            // allowed), 401 in api-key (not an admin credential at all); never 404, which would let a user probe routes.
            var expected = header.Item1 == "authorization" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.Equal(expected, response.StatusCode);
            Assert.Null(OpenAIErrorShape.Problem((int)expected, method, await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.Equal(0, host.Upstream.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrustedIdentityHeaders_WithoutTheFrontDoor_AreRefused(bool frontDoorConfigured)
    {
        const string frontDoor = "3f6b5a4e-7c1d-4e8a-9b2f-0d1c2b3a4f5e";
        await using var host = await HostileHost.StartAsync(frontDoorConfigured ? new Dictionary<string, string?> { ["TokenGate:Identity:FrontDoorPrincipalId"] = frontDoor } : null);
        var key = await host.CreateUserAsync("t1", "alice", Plan("p", 1_000_000));
        (string, string)[][] attempts =
        [
            [("x-tokengate-user", "alice"), ("x-tokengate-tenant", "t1")],
            [("x-tokengate-user", "alice"), ("x-tokengate-tenant", "t1"), ("X-MS-CLIENT-PRINCIPAL-ID", Guid.NewGuid().ToString())],
            [("x-tokengate-user", "alice"), ("x-tokengate-tenant", "t1"), ("X-MS-CLIENT-PRINCIPAL-ID", "")],
            [("x-tokengate-user", "alice")],
            [("api-key", key), ("x-tokengate-user", "bob"), ("x-tokengate-tenant", "t2")],
        ];

        foreach (var headers in attempts)
        {
            using var response = await PostAsync(host, null, headers);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(OpenAIErrorShape.Problem(401, "POST", await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.Equal(0, host.Upstream.Count);
        if (frontDoorConfigured)
        {
            // Positive control: the same headers are honoured when the front door's principal is present.
            using var trusted = await PostAsync(host, null, [("x-tokengate-user", "alice"), ("x-tokengate-tenant", "t1"), ("X-MS-CLIENT-PRINCIPAL-ID", frontDoor)]);
            Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
            Assert.Equal(1, host.Upstream.Count);
        }
    }

    private static PlanDefinition Plan(string name, long monthlyTokens) =>
        new() { Name = name, RequestsPerMinute = 100_000, TokensPerMinute = 100_000_000, MaxConcurrentRequests = 100, MonthlyTokenBudget = monthlyTokens };

    private static async Task<HttpResponseMessage> PostAsync(HostileHost host, string? key, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, HostileInputs.ChatPath) { Content = new StringContent(Chat, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("api-key", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await host.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
