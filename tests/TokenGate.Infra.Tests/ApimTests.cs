using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

public class ApimTests
{
    private static TemplateResource Api => CompiledTemplate.Instance.Single("Microsoft.ApiManagement/service/apis");

    [Fact]
    public void Service_HasASystemAssignedIdentity_AndDefaultsToASkuWithManagedIdentityAndRateLimits()
    {
        var template = CompiledTemplate.Instance;
        var service = template.Single("Microsoft.ApiManagement/service");

        Assert.Equal("SystemAssigned", Arm.Str(service.Json["identity"]!["type"]));
        Assert.Equal("BasicV2", Arm.Str(template.Root["parameters"]!["apimSku"]!["defaultValue"]));
        var allowed = template.Root["parameters"]!["apimSku"]!["allowedValues"]!.AsArray().Select(Arm.Str).ToList();
        Assert.DoesNotContain("Consumption", allowed);
    }

    [Fact]
    public void Api_MirrorsTheAzureOpenAiPaths_AsPostOperations()
    {
        var api = Api;
        var operations = CompiledTemplate.Instance.OfType("Microsoft.ApiManagement/service/apis/operations").ToList();
        var paths = new List<string>();
        foreach (var op in operations)
        {
            Assert.Equal("POST", Arm.Str(op.Properties["method"]));
            var list = Arm.Str(op.Json["copy"]!["count"]).Replace("[length(variables('", string.Empty, StringComparison.Ordinal).Replace("'))]", string.Empty, StringComparison.Ordinal);
            paths.AddRange(op.Template["variables"]![list]!.AsArray().Select(o => Arm.Str(o!["urlTemplate"])));
        }

        var prefix = Arm.Str(api.Template["variables"]!["apiPath"]);
        Assert.Equal("openai", prefix);
        Assert.Equal(
            new[]
            {
                "/openai/deployments/{deployment-id}/chat/completions",
                "/openai/deployments/{deployment-id}/completions",
                "/openai/deployments/{deployment-id}/embeddings",
                "/openai/v1/chat/completions",
                "/openai/v1/embeddings",
                "/openai/v1/responses",
            },
            paths.Select(p => $"/{prefix}{p}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Api_TakesTheSdksApiKeyHeaderAsTheSubscriptionKey_OnlyInSubscriptionKeyMode()
    {
        var api = Api.Properties;

        Assert.Equal("api-key", Arm.Str(api["subscriptionKeyParameterNames"]!["header"]));
        Assert.Equal("[equals(parameters('callerAuth'), 'subscriptionKey')]", Arm.Str(api["subscriptionRequired"]));
    }

    [Fact]
    public void Backend_IsTheFunctionAppOverHttps_WithCertificateChecks()
    {
        var backend = CompiledTemplate.Instance.Single("Microsoft.ApiManagement/service/backends");

        Assert.EndsWith("'tokengate-functions')]", Arm.Str(backend.Json["name"]), StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}/{1}', parameters('functionHostName')", Arm.Str(backend.Properties["url"]), StringComparison.Ordinal);
        Assert.True(backend.Properties["tls"]!["validateCertificateChain"]!.GetValue<bool>());
    }

    [Fact]
    public void Policy_IsTheXmlFileForTheChosenCallerAuth_LoadedVerbatim()
    {
        var policy = CompiledTemplate.Instance.Single("Microsoft.ApiManagement/service/apis/policies");
        var embedded = policy.Template["variables"]!.AsObject()
            .Where(v => v.Value is JsonValue).Select(v => Arm.Str(v.Value)).ToList();

        Assert.Equal("xml", Arm.Str(policy.Properties["format"]));
        Assert.Equal("[variables('policies')[parameters('callerAuth')]]", Arm.Str(policy.Properties["value"]));
        Assert.Contains(File.ReadAllText(Path.Combine(RepoPaths.Policies, "api-entra.xml")), embedded);
        Assert.Contains(File.ReadAllText(Path.Combine(RepoPaths.Policies, "api-subscription-key.xml")), embedded);
    }

    [Theory]
    [InlineData("api-entra.xml")]
    [InlineData("api-subscription-key.xml")]
    public void EveryNamedValueThePolicyUses_IsCreatedByTheTemplate(string file)
    {
        var created = CompiledTemplate.Instance.OfType("Microsoft.ApiManagement/service/namedValues")
            .Select(n => Arm.Str(n.Properties["displayName"])).ToHashSet(StringComparer.Ordinal);

        var used = ApimPolicy.Load(file).NamedValues;

        Assert.NotEmpty(used);
        Assert.Subset(created, used);
    }
}
