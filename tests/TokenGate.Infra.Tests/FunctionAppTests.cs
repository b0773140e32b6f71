using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

public class FunctionAppTests
{
    private static TemplateResource Site => CompiledTemplate.Instance.Single("Microsoft.Web/sites");

    private static Dictionary<string, string> Settings =>
        Site.Properties["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => Arm.Str(s!["name"]), s => Arm.Str(s!["value"]));

    [Fact]
    public void Plan_IsFlexConsumptionOnLinux()
    {
        var plan = CompiledTemplate.Instance.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", Arm.Str(plan.Json["sku"]!["name"]));
        Assert.Equal("FlexConsumption", Arm.Str(plan.Json["sku"]!["tier"]));
        Assert.True(plan.Properties["reserved"]!.GetValue<bool>());
    }

    [Fact]
    public void Site_RunsDotnetIsolated10_AsAUserAssignedIdentity_AndDeploysWithThatIdentity()
    {
        var site = Site;
        var config = site.Properties["functionAppConfig"]!;

        Assert.Equal("functionapp,linux", Arm.Str(site.Json["kind"]));
        Assert.Equal("UserAssigned", Arm.Str(site.Json["identity"]!["type"]));
        Assert.Equal("dotnet-isolated", Arm.Str(config["runtime"]!["name"]));
        Assert.Equal("10.0", Arm.Str(CompiledTemplate.Instance.Root["parameters"]!["functionRuntimeVersion"]!["defaultValue"]));
        Assert.Equal("UserAssignedIdentity", Arm.Str(config["deployment"]!["storage"]!["authentication"]!["type"]));
        Assert.Equal("blobContainer", Arm.Str(config["deployment"]!["storage"]!["type"]));
        Assert.True(site.Properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("[parameters('identityId')]", Arm.Str(site.Properties["keyVaultReferenceIdentity"]));
    }

    [Fact]
    public void AppSettingNames_AreExactlyTheContractInAppSettingsJson()
    {
        var contract = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "app-settings.json")))!["settings"]!.AsObject();
        var written = Site.Properties["siteConfig"]!["appSettings"]!.AsArray().Select(s => Arm.Str(s!["name"])).ToList();

        Assert.Equal(written.Count, written.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(contract.Select(p => p.Key).Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        Assert.All(contract, p => Assert.False(string.IsNullOrWhiteSpace(Arm.Str(p.Value)), $"{p.Key} has no description"));
    }

    [Fact]
    public void Connections_AreIdentityBased_WithTheUserAssignedClientId()
    {
        var settings = Settings;

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", settings["EventHubs__credential"]);
        foreach (var name in new[]
        {
            "AzureWebJobsStorage__clientId", "EventHubs__clientId", "TokenGate__Upstream__ManagedIdentityClientId",
            "TokenGate__Storage__ManagedIdentityClientId", "TokenGate__Events__ManagedIdentityClientId",
        })
        {
            Assert.Equal("[parameters('identityClientId')]", settings[name]);
        }

        Assert.Equal("[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
    }

    [Fact]
    public void TrustedIdentityHeaders_AreTheOnesApiManagementSets_AndTheFrontDoorIsApimsIdentity()
    {
        var settings = Settings;
        var main = CompiledTemplate.Instance.OfType("Microsoft.Resources/deployments")
            .Single(d => Arm.Str(d.Json["name"]) == "functionapp");

        Assert.Equal("x-tokengate-user", settings["TokenGate__Identity__UserHeader"]);
        Assert.Equal("x-tokengate-tenant", settings["TokenGate__Identity__TenantHeader"]);
        Assert.Equal("[parameters('frontDoorPrincipalId')]", settings["TokenGate__Identity__FrontDoorPrincipalId"]);
        Assert.Contains("'apim'", Arm.Str(main.Properties["parameters"]!["frontDoorPrincipalId"]!["value"]), StringComparison.Ordinal);
        Assert.Contains(".outputs.principalId.value", Arm.Str(main.Properties["parameters"]!["frontDoorPrincipalId"]!["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public void AdminKey_IsAKeyVaultReference_NotAValue()
    {
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('adminKeySecretUri'))]", Settings["TokenGate__Admin__Key"]);
    }

    [Fact]
    public void EasyAuth_RequiresAuthentication_AndAdmitsOnlyApiManagementsIdentity()
    {
        var auth = CompiledTemplate.Instance.Single("Microsoft.Web/sites/config");
        var aad = auth.Properties["identityProviders"]!["azureActiveDirectory"]!;

        Assert.EndsWith("'authsettingsV2')]", Arm.Str(auth.Json["name"]), StringComparison.Ordinal);
        Assert.True(auth.Properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("Return401", Arm.Str(auth.Properties["globalValidation"]!["unauthenticatedClientAction"]));
        Assert.Empty(CompiledTemplate.Instance.Root["parameters"]!["functionAuthExcludedPaths"]!["defaultValue"]!.AsArray());
        Assert.True(aad["enabled"]!.GetValue<bool>());
        var allowed = aad["validation"]!["defaultAuthorizationPolicy"]!["allowedPrincipals"]!["identities"]!.AsArray();
        Assert.Equal("[parameters('frontDoorPrincipalId')]", Arm.Str(Assert.Single(allowed)));
    }
}
