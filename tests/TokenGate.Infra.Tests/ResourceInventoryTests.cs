namespace TokenGate.Infra.Tests;

public class ResourceInventoryTests
{
    [Theory]
    [InlineData("Microsoft.ManagedIdentity/userAssignedIdentities")]
    [InlineData("Microsoft.Web/serverfarms")]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.Web/sites/config")]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers")]
    [InlineData("Microsoft.EventHub/namespaces")]
    [InlineData("Microsoft.EventHub/namespaces/eventhubs")]
    [InlineData("Microsoft.EventHub/namespaces/eventhubs/consumergroups")]
    [InlineData("Microsoft.OperationalInsights/workspaces")]
    [InlineData("Microsoft.Insights/components")]
    [InlineData("Microsoft.Insights/diagnosticSettings")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.KeyVault/vaults/secrets")]
    [InlineData("Microsoft.ApiManagement/service")]
    [InlineData("Microsoft.ApiManagement/service/apis")]
    [InlineData("Microsoft.ApiManagement/service/apis/operations")]
    [InlineData("Microsoft.ApiManagement/service/apis/policies")]
    [InlineData("Microsoft.ApiManagement/service/backends")]
    [InlineData("Microsoft.ApiManagement/service/namedValues")]
    [InlineData("Microsoft.Authorization/roleAssignments")]
    public void Template_DeploysTheResourceType(string type)
    {
        Assert.NotEmpty(CompiledTemplate.Instance.OfType(type));
    }

    [Fact]
    public void DiagnosticSettings_CoverApiManagementAndTheFunctionApp_IntoLogAnalytics()
    {
        var settings = CompiledTemplate.Instance.OfType("Microsoft.Insights/diagnosticSettings").ToList();

        Assert.Equal(["apim", "functionapp"], settings.Select(s => s.Module).Order().ToArray());
        Assert.Contains(settings, s => Arm.Str(s.Json["scope"]).Contains("Microsoft.ApiManagement/service", StringComparison.Ordinal));
        Assert.Contains(settings, s => Arm.Str(s.Json["scope"]).Contains("Microsoft.Web/sites", StringComparison.Ordinal));
        Assert.All(settings, s => Assert.Equal("[parameters('workspaceId')]", Arm.Str(s.Properties["workspaceId"])));
    }

    [Fact]
    public void ApplicationInsights_IsWorkspaceBased_WithEntraOnlyIngestionByDefault()
    {
        var template = CompiledTemplate.Instance;
        var appInsights = template.Single("Microsoft.Insights/components");

        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", Arm.Str(appInsights.Properties["WorkspaceResourceId"]));
        Assert.True(template.Root["parameters"]!["appInsightsDisableLocalAuth"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void EventHubs_HasTheUsageEventsHub_WithAPartitionParameter_AndTheAbuseProcessorGroup()
    {
        var template = CompiledTemplate.Instance;
        var hub = template.Single("Microsoft.EventHub/namespaces/eventhubs");
        var ns = template.Single("Microsoft.EventHub/namespaces");

        Assert.Equal("usage-events", Arm.Str(template.Root["variables"]!["eventHubName"]));
        Assert.Equal("abuse-processor", Arm.Str(template.Root["variables"]!["consumerGroupName"]));
        Assert.Equal("[parameters('partitionCount')]", Arm.Str(hub.Properties["partitionCount"]));
        Assert.Equal(4, template.Root["parameters"]!["eventHubPartitionCount"]!["defaultValue"]!.GetValue<int>());
        Assert.True(ns.Properties["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void StorageAccount_DisablesSharedKeys_RequiresTls12_AndHasNoPublicBlobs()
    {
        var template = CompiledTemplate.Instance;
        var account = template.Single("Microsoft.Storage/storageAccounts").Properties;

        Assert.False(account["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", Arm.Str(account["minimumTlsVersion"]));
        Assert.True(account["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("None", Arm.Str(template.Single("Microsoft.Storage/storageAccounts/blobServices/containers").Properties["publicAccess"]));
    }

    [Fact]
    public void KeyVault_UsesRbac_AndTheAdminKeySecretComesFromASecureParameter()
    {
        var template = CompiledTemplate.Instance;
        var vault = template.Single("Microsoft.KeyVault/vaults");
        var secret = template.Single("Microsoft.KeyVault/vaults/secrets");

        Assert.True(vault.Properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Equal("[parameters('adminKey')]", Arm.Str(secret.Properties["value"]));
        Assert.Equal("securestring", Arm.Str(secret.Template["parameters"]!["adminKey"]!["type"]));
    }
}
