using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

public class DeploymentFilesTests
{
    private static JsonObject ParametersFile =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

    [Fact]
    public void ParametersFile_NamesOnlyDeclaredParameters_AndEveryRequiredOne()
    {
        var declared = CompiledTemplate.Instance.Root["parameters"]!.AsObject();
        var supplied = ParametersFile;

        Assert.All(supplied, p => Assert.True(declared.ContainsKey(p.Key), $"{p.Key} is not a parameter of main.bicep"));
        var required = declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")).Select(p => p.Key);
        Assert.All(required, name => Assert.True(supplied.ContainsKey(name), $"required parameter {name} is missing"));
    }

    [Fact]
    public void ParametersFile_UsesAzdSubstitutions_ForEnvironmentAndLocation()
    {
        var supplied = ParametersFile;

        Assert.Equal("${AZURE_ENV_NAME}", Arm.Str(supplied["environmentName"]!["value"]));
        Assert.Equal("${AZURE_LOCATION}", Arm.Str(supplied["location"]!["value"]));
    }

    [Fact]
    public void Outputs_IncludeTheGatewayUrlAndResourceNames()
    {
        var outputs = CompiledTemplate.Instance.Root["outputs"]!.AsObject();

        foreach (var name in new[] { "GATEWAY_URL", "FUNCTION_APP_NAME", "APIM_NAME", "STORAGE_ACCOUNT_NAME", "EVENT_HUBS_NAMESPACE", "KEY_VAULT_NAME" })
        {
            Assert.True(outputs.ContainsKey(name), $"output {name} is missing");
        }
    }

    [Fact]
    public void AzureYaml_DeploysTheFunctionsProject_ToTheTaggedFunctionApp_WithTheEventHubSwitchEnforced()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));
        var guard = File.ReadAllText(Path.Combine(RepoPaths.Infra, "hooks", "require-eventhubs-switch.sh"));
        var siteTags = Arm.Str(CompiledTemplate.Instance.OfType("Microsoft.Resources/deployments")
            .Single(d => Arm.Str(d.Json["name"]) == "functionapp").Properties["parameters"]!["siteTags"]!["value"]);

        Assert.Contains("project: ./src/TokenGate.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("  functions:", yaml, StringComparison.Ordinal);
        Assert.Contains("azd-service-name", siteTags, StringComparison.Ordinal);
        Assert.Contains("'functions'", siteTags, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/require-eventhubs-switch.sh", yaml, StringComparison.Ordinal);
        Assert.Contains("\"${TokenGateEventHubs:-}\" != \"true\"", guard, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "src", "TokenGate.Functions", "TokenGate.Functions.csproj")));
    }
}
