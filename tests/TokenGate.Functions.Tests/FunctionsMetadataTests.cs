using System.Text.Json;

namespace TokenGate.Functions.Tests;

/// <summary>
/// The generated functions.metadata of the real build is what the Functions host loads: every
/// function's trigger, route, methods and authorization level must be what the README documents.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string[] ProxyMethods = ["get", "post", "put", "patch", "delete"];

    public static TheoryData<string, string, string?> HttpFunctions => new()
    {
        { "ChatCompletions", "openai/deployments/{deployment}/chat/completions", "Anonymous" },
        { "Completions", "openai/deployments/{deployment}/completions", "Anonymous" },
        { "Embeddings", "openai/deployments/{deployment}/embeddings", "Anonymous" },
        { "V1ChatCompletions", "openai/v1/chat/completions", "Anonymous" },
        { "V1Embeddings", "openai/v1/embeddings", "Anonymous" },
        { "V1Responses", "openai/v1/responses", "Anonymous" },
        { "OpenAINotFound", "openai/{*path}", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void ProxyFunction_HasTheDocumentedRouteMethodsAndAuthLevel(string name, string route, string? authLevel)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal(ProxyMethods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("UserQuotaEntity")]
    [InlineData("TenantQuotaEntity")]
    public void EntityFunction_IsAnEntityTriggerNamedAfterItsClass(string name) =>
        Assert.Equal("entityTrigger", Trigger(name).GetProperty("type").GetString());

    [Fact]
    public void MonthlyClose_RunsAtMidnightUtcOnTheFirst()
    {
        var trigger = Trigger("MonthlyClose");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 0 0 1 * *", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean());
    }

    [Fact]
    public void Metadata_HasNoFunctionTheReadmeDoesNotList()
    {
        var documented = HttpFunctions.Select(row => (string)row[0])
            .Concat(["UserQuotaEntity", "TenantQuotaEntity", "MonthlyClose"])
            .Concat(AdminFunctionNames)
            .Order(StringComparer.Ordinal);

        Assert.Equal(documented, Functions().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HostJson_SetsAnEmptyRoutePrefixSoUrlsAreExactlyTheSdkOnes()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FunctionsOutput, "host.json")));

        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("TokenGate", host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
    }

    /// <summary>Admin API functions (one per admin route).</summary>
    internal static IEnumerable<string> AdminFunctionNames => AdminRoutes.Select(row => (string)row[0]);

    public static TheoryData<string, string, string> AdminRoutes => new()
    {
        { "AdminPutPlan", "put", "tokengate-admin/plans/{plan}" },
        { "AdminListPlans", "get", "tokengate-admin/plans" },
        { "AdminGetPlan", "get", "tokengate-admin/plans/{plan}" },
        { "AdminPutTenant", "put", "tokengate-admin/tenants/{tenant}" },
        { "AdminGetTenant", "get", "tokengate-admin/tenants/{tenant}" },
        { "AdminPutUser", "put", "tokengate-admin/tenants/{tenant}/users/{user}" },
        { "AdminGetUser", "get", "tokengate-admin/tenants/{tenant}/users/{user}" },
        { "AdminCreateKey", "post", "tokengate-admin/tenants/{tenant}/users/{user}/keys" },
        { "AdminRevokeKey", "delete", "tokengate-admin/keys/{keyId}" },
        { "AdminGetQuota", "get", "tokengate-admin/tenants/{tenant}/users/{user}/quota" },
        { "AdminBlockUser", "post", "tokengate-admin/tenants/{tenant}/users/{user}/block" },
        { "AdminUnblockUser", "post", "tokengate-admin/tenants/{tenant}/users/{user}/unblock" },
        { "AdminResetUser", "post", "tokengate-admin/tenants/{tenant}/users/{user}/reset" },
        { "AdminListIncidents", "get", "tokengate-admin/incidents" },
        { "AdminGetIncident", "get", "tokengate-admin/incidents/{id}" },
        { "AdminConfirmIncident", "post", "tokengate-admin/incidents/{id}/confirm" },
        { "AdminDismissIncident", "post", "tokengate-admin/incidents/{id}/dismiss" },
        { "AdminUnblockIncident", "post", "tokengate-admin/incidents/{id}/unblock" },
        { "AdminExportExamples", "get", "tokengate-admin/examples" },
        { "AdminStartRetrain", "post", "tokengate-admin/screening/retrain" },
        { "AdminGetRetrainRun", "get", "tokengate-admin/screening/retrain/{id}" },
        { "AdminGetScreeningModel", "get", "tokengate-admin/screening/model" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public void AdminFunction_HasTheDocumentedRouteAndMethodAndIsAnonymousAtTheHostLevel(string name, string method, string route)
    {
        var trigger = Trigger(name);

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
    }

    private static JsonElement Trigger(string name)
    {
        var function = Functions().Single(f => f.GetProperty("name").GetString() == name);
        return function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
    }

    private static List<JsonElement> Functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FunctionsOutput, "functions.metadata")));
        return [.. metadata.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
