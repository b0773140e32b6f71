namespace TokenGate.Infra.Tests;

public class RoleAssignmentTests
{
    public static TheoryData<string, string, string> NamedRoles => new()
    {
        { "roles", "storageBlobDataOwnerRoleId", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "roles", "storageQueueDataContributorRoleId", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "roles", "storageTableDataContributorRoleId", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
        { "roles", "eventHubsDataSenderRoleId", "2b629674-e913-4c01-ae53-ef4638d8f975" },
        { "roles", "eventHubsDataReceiverRoleId", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde" },
        { "roles", "monitoringMetricsPublisherRoleId", "3913510d-42f4-4e42-8a64-420c390055eb" },
        { "roles", "keyVaultSecretsUserRoleId", "4633458b-17de-408a-b874-0445c86b69e6" },
        { "openai-role", "cognitiveServicesOpenAiUserRoleId", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd" },
    };

    [Theory]
    [MemberData(nameof(NamedRoles))]
    public void BuiltInRole_IsANamedVariable_WithItsWellKnownId(string module, string variable, string roleId)
    {
        var deployment = CompiledTemplate.Instance.OfType("Microsoft.Resources/deployments")
            .Single(d => Arm.Str(d.Json["name"]) == module);

        Assert.Equal(roleId, Arm.Str(deployment.Properties["template"]!["variables"]![variable]));
    }

    [Fact]
    public void Assignments_GrantExactlyTheIntendedRoles_ToServicePrincipals()
    {
        var assignments = CompiledTemplate.Instance.OfType("Microsoft.Authorization/roleAssignments").ToList();
        var granted = assignments.SelectMany(a => Arm.Guids(a.Properties["roleDefinitionId"], a.Template))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(NamedRoles.Select(r => (string)r[2]).Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", Arm.Str(a.Properties["principalType"])));
        Assert.All(assignments, a => Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions'", Arm.Str(a.Properties["roleDefinitionId"]), StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAiUser_IsAssignedOnTheExistingAccount_InItsOwnResourceGroup()
    {
        var deployment = CompiledTemplate.Instance.OfType("Microsoft.Resources/deployments")
            .Single(d => Arm.Str(d.Json["name"]) == "openai-role");
        var assignment = Assert.Single(CompiledTemplate.Instance.OfType("Microsoft.Authorization/roleAssignments"), a => a.Module == "openai-role");

        Assert.Equal("[parameters('openAiResourceGroupName')]", Arm.Str(deployment.Json["resourceGroup"]));
        Assert.Equal("[resourceId('Microsoft.CognitiveServices/accounts', parameters('openAiAccountName'))]", Arm.Str(assignment.Json["scope"]));
    }

    [Fact]
    public void EventHubRoles_AreScopedToTheUsageEventsHub_NotTheNamespace()
    {
        var hubRoles = CompiledTemplate.Instance.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => Arm.Guids(a.Properties["roleDefinitionId"], a.Template).Contains("2b629674-e913-4c01-ae53-ef4638d8f975"));

        var role = Assert.Single(hubRoles);
        Assert.StartsWith("[resourceId('Microsoft.EventHub/namespaces/eventhubs'", Arm.Str(role.Json["scope"]), StringComparison.Ordinal);
    }
}
