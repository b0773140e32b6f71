using System.Net;
using System.Text.Json;
using TokenGate.Cli;

namespace TokenGate.Integration.Tests.Review;

/// <summary>`tokengate plans|tenants|users|keys|quota|incidents|examples` against a real Standalone host over HTTP.</summary>
public sealed class AdminCliTests
{
    [Fact]
    public async Task AdminCommands_SetUpAUser_CreateAKey_ExplainBlockUnblockAndRevoke()
    {
        await using var host = await ReviewLoopHost.StartAsync();
        var url = host.Client.BaseAddress!.ToString();
        (int Code, string Out, string Err) Tg(params string[] args) => Run([.. args, "--url", url, "--admin-key", ReviewLoopHost.AdminKey]);

        var plan = Tg("plans", "set", "gold", """{"requestsPerMinute":100,"tokensPerMinute":100000,"monthlyTokenBudget":1000000}""");
        Assert.Equal(0, plan.Code);
        Assert.Equal(100, Json(plan.Out).GetProperty("requestsPerMinute").GetInt32());
        Assert.Contains(Json(Tg("plans", "list").Out).GetProperty("data").EnumerateArray(), p => p.GetProperty("name").GetString() == "gold");
        Assert.Equal(0, Tg("tenants", "set", "acme", "--plan", "gold").Code);
        Assert.Equal("gold", Json(Tg("users", "set", "acme", "alice", "--plan", "gold").Out).GetProperty("plan").GetString());

        var created = Json(Tg("keys", "create", "acme", "alice").Out);
        var key = created.GetProperty("key").GetString()!;
        Assert.Equal(200, await host.ChatAsync(key, "What are your opening hours?"));

        var explain = Json(Tg("quota", "explain", "acme", "alice").Out);
        Assert.Equal("gold", explain.GetProperty("plan").GetString());
        Assert.Equal(100, explain.GetProperty("requests").GetProperty("limit").GetInt32());

        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("blocked", Json(Tg("users", "block", "acme", "alice", "--until", until, "--reason", "abuse review").Out).GetProperty("status").GetString());
        Assert.Equal(403, await host.ChatAsync(key, "What are your opening hours?"));
        Assert.Equal(0, Tg("users", "unblock", "acme", "alice").Code);
        Assert.Equal(200, await host.ChatAsync(key, "What are your opening hours?"));

        var revoked = Tg("keys", "revoke", created.GetProperty("keyId").GetString()!);
        Assert.Equal((0, "done"), (revoked.Code, revoked.Out.Trim()));
        Assert.Equal(401, await host.ChatAsync(key, "What are your opening hours?"));

        Assert.Equal(JsonValueKind.Array, Json(Tg("incidents", "list", "--status", "open", "--tenant", "acme").Out).GetProperty("data").ValueKind);
        Assert.Equal(0, Tg("examples", "export").Code);
    }

    [Fact]
    public async Task AdminCommands_ReportTheGatewaysRefusal_AndNeverEchoTheAdminKey()
    {
        await using var host = await ReviewLoopHost.StartAsync();
        var url = host.Client.BaseAddress!.ToString();

        var missing = Run(["plans", "show", "nope", "--url", url, "--admin-key", ReviewLoopHost.AdminKey]);
        var wrongKey = Run(["plans", "list", "--url", url, "--admin-key", "not-the-admin-key-0123456789"]);
        var badBody = Run(["plans", "set", "gold", "{not json", "--url", url, "--admin-key", ReviewLoopHost.AdminKey]);
        var invalid = Run(["plans", "set", "gold", """{"requestsPerMinute":"many"}""", "--url", url, "--admin-key", ReviewLoopHost.AdminKey]);
        var unreachable = Run(["plans", "list", "--url", "http://127.0.0.1:1", "--admin-key", ReviewLoopHost.AdminKey]);

        Assert.Equal(1, missing.Code);
        Assert.StartsWith("plans show: 404 ", missing.Err, StringComparison.Ordinal);
        Assert.Equal(1, wrongKey.Code);
        Assert.StartsWith("plans list: 401 ", wrongKey.Err, StringComparison.Ordinal);
        Assert.Equal(2, badBody.Code);
        Assert.Contains("not JSON", badBody.Err, StringComparison.Ordinal);
        Assert.Equal(1, invalid.Code);
        Assert.StartsWith("plans set: 400 ", invalid.Err, StringComparison.Ordinal);
        Assert.Equal(2, unreachable.Code);
        Assert.All(new[] { missing, wrongKey, badBody, invalid, unreachable }, r => Assert.DoesNotContain(ReviewLoopHost.AdminKey, r.Out + r.Err, StringComparison.Ordinal));
    }

    private static (int Code, string Out, string Err) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, new StringReader(string.Empty), output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
