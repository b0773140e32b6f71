using System.Xml.Linq;

namespace TokenGate.Infra.Tests;

public class ApimPolicyTests
{
    public static TheoryData<string> Files => new() { "api-entra.xml", "api-subscription-key.xml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void FirstInboundPolicy_IsACoarsePerClientIpRateLimit(string file)
    {
        var first = ApimPolicy.Load(file).Inbound[0];

        Assert.Equal("rate-limit-by-key", first.Name.LocalName);
        Assert.Equal("@(context.Request.IpAddress)", (string?)first.Attribute("counter-key"));
        Assert.Equal("{{tokengate-ip-calls-per-minute}}", (string?)first.Attribute("calls"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ClientSuppliedIdentityHeaders_AreDeletedBeforeTheGatewaySetsThem(string file)
    {
        var policy = ApimPolicy.Load(file);

        foreach (var header in new[] { "x-tokengate-user", "x-tokengate-tenant" })
        {
            var delete = policy.IndexOf(e => ApimPolicy.IsSetHeader(e, header, "delete"));
            var set = policy.IndexOf(e => ApimPolicy.IsSetHeader(e, header, "override"));
            var firstTouch = policy.IndexOf(e => e.Name.LocalName == "set-header"
                && string.Equals((string?)e.Attribute("name"), header, StringComparison.OrdinalIgnoreCase));

            Assert.True(delete >= 0, $"{header} is never deleted");
            Assert.True(set > delete, $"{header} is set before the client copy is deleted");
            Assert.Equal(delete, firstTouch);
            Assert.Single(policy.Inbound, e => ApimPolicy.IsSetHeader(e, header, "override"));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CallerCredentials_AreDropped_AndTheBackendCallUsesApimsManagedIdentity(string file)
    {
        var policy = ApimPolicy.Load(file);
        var auth = policy.IndexOf(e => e.Name.LocalName == "authentication-managed-identity");
        var lastHeaderSet = policy.IndexOf(e => ApimPolicy.IsSetHeader(e, "x-tokengate-tenant", "override"));

        Assert.True(auth > lastHeaderSet);
        Assert.Equal("{{tokengate-backend-audience}}", (string?)policy.Inbound[auth].Attribute("resource"));
        Assert.Null(policy.Inbound[auth].Attribute("client-id"));
        Assert.True(policy.IndexOf(e => ApimPolicy.IsSetHeader(e, "api-key", "delete")) >= 0);
        Assert.True(policy.IndexOf(e => ApimPolicy.IsSetHeader(e, "Ocp-Apim-Subscription-Key", "delete")) >= 0);

        // The API also accepts the subscription key as ?subscription-key= (apim-api.bicep), which APIM passes on by default.
        Assert.True(policy.IndexOf(e =>
            e.Name.LocalName == "set-query-parameter"
            && (string?)e.Attribute("name") == "subscription-key"
            && (string?)e.Attribute("exists-action") == "delete") >= 0);
        var backend = Assert.Single(policy.Inbound, e => e.Name.LocalName == "set-backend-service");
        Assert.Equal("tokengate-functions", (string?)backend.Attribute("backend-id"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Backend_StreamsResponsesUnbuffered(string file)
    {
        var forward = ApimPolicy.Load(file).Document.Root!.Element("backend")!.Element("forward-request")!;

        Assert.Equal("false", (string?)forward.Attribute("buffer-response"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void OnError_RewritesIntoTheOpenAiErrorShape_WithFixedMessages(string file)
    {
        var onError = ApimPolicy.Load(file).Document.Root!.Element("on-error")!;
        var body = onError.Descendants("set-body").Single().Value;

        foreach (var field in new[] { "\"error\"", "\"message\"", "\"type\"", "\"param\"", "\"code\"" })
        {
            Assert.Contains($"new JProperty({field}", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("LastError.Message", body, StringComparison.Ordinal);
        Assert.Contains(onError.Descendants("set-header"), h => (string?)h.Attribute("name") == "Content-Type" && h.Value.Trim() == "application/json");
    }

    [Fact]
    public void EntraPolicy_ValidatesTheCallersTokenFirst_AndTakesIdentityFromItsClaims()
    {
        var policy = ApimPolicy.Load("api-entra.xml");
        var validate = policy.IndexOf(e => e.Name.LocalName == "validate-azure-ad-token");
        var token = policy.Inbound[validate];

        Assert.Equal(1, validate);
        Assert.Equal("{{tokengate-caller-tenant-id}}", (string?)token.Attribute("tenant-id"));
        Assert.Equal("{{tokengate-caller-audience}}", token.Element("audiences")!.Element("audience")!.Value);
        var variable = (string?)token.Attribute("output-token-variable-name");
        Assert.False(string.IsNullOrEmpty(variable));
        Assert.True(validate < policy.IndexOf(e => ApimPolicy.IsSetHeader(e, "x-tokengate-user", "delete")));
        var user = policy.Inbound.Single(e => ApimPolicy.IsSetHeader(e, "x-tokengate-user", "override")).Value;
        var tenant = policy.Inbound.Single(e => ApimPolicy.IsSetHeader(e, "x-tokengate-tenant", "override")).Value;
        Assert.Contains($"context.Variables[\"{variable}\"]", user, StringComparison.Ordinal);
        Assert.Contains("\"oid\"", user, StringComparison.Ordinal);
        Assert.Contains("\"tid\"", tenant, StringComparison.Ordinal);
    }

    [Fact]
    public void SubscriptionKeyPolicy_RejectsCallsWithoutASubscription_AndTakesIdentityFromIt()
    {
        var policy = ApimPolicy.Load("api-subscription-key.xml");
        var guard = policy.Inbound[1];
        var user = policy.Inbound.Single(e => ApimPolicy.IsSetHeader(e, "x-tokengate-user", "override")).Value;

        Assert.Equal("choose", guard.Name.LocalName);
        Assert.Equal("@(context.Subscription == null)", (string?)guard.Element("when")!.Attribute("condition"));
        Assert.Equal("401", (string?)guard.Descendants("set-status").Single().Attribute("code"));
        Assert.Empty(policy.Document.Descendants(XName.Get("validate-azure-ad-token")));
        Assert.Contains("context.Subscription.Id", user, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ClientSuppliedEasyAuthPrincipalHeaders_AreDeleted(string file)
    {
        var policy = ApimPolicy.Load(file);

        foreach (var header in new[] { "X-MS-CLIENT-PRINCIPAL", "X-MS-CLIENT-PRINCIPAL-ID", "X-MS-CLIENT-PRINCIPAL-NAME", "X-MS-CLIENT-PRINCIPAL-IDP" })
        {
            Assert.True(policy.IndexOf(e => ApimPolicy.IsSetHeader(e, header, "delete")) >= 0, $"{header} is not deleted");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void IdentityHeadersThePolicySets_AreTheOnesTheFunctionAppIsConfiguredToTrust(string file)
    {
        var settings = CompiledTemplate.Instance.Single("Microsoft.Web/sites").Properties["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => Arm.Str(s!["name"]), s => Arm.Str(s!["value"]));
        var policy = ApimPolicy.Load(file);

        foreach (var setting in new[] { "TokenGate__Identity__UserHeader", "TokenGate__Identity__TenantHeader" })
        {
            Assert.Single(policy.Inbound, e => ApimPolicy.IsSetHeader(e, settings[setting], "override"));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void OnError_MapsRateLimitTo429_FailedValidationTo401_AndAnUnreachableBackendTo502(string file)
    {
        var statuses = ApimPolicy.Load(file).Document.Root!.Element("on-error")!.Elements("choose").First().Elements("when")
            .ToDictionary(w => (string)w.Attribute("condition")!, w => (string)w.Element("set-status")!.Attribute("code")!);

        Assert.Equal("429", statuses["@(context.LastError.Source.StartsWith(\"rate-limit\"))"]);
        Assert.Equal("401", statuses["@(context.LastError.Source.StartsWith(\"validate-\"))"]);
        Assert.Equal("502", statuses["@(context.LastError.Source == \"forward-request\")"]);
        Assert.Equal("500", statuses["@(context.Response.StatusCode < 400)"]);
    }
}
