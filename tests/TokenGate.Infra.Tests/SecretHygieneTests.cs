using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

public class SecretHygieneTests
{
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=", "SharedAccessKey=", "SharedAccessSignature", "listKeys(", "listSecrets(", "listConnectionStrings(",
        "listAccountSas(", "primaryKey", "password",
    ];

    [Fact]
    public void CompiledTemplate_NeverReadsOrEmbedsAKeyOrConnectionSecret()
    {
        var text = CompiledTemplate.Instance.Text;

        Assert.All(SecretMarkers.Take(7), marker => Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AppSettingValues_HoldNoSecret()
    {
        var site = CompiledTemplate.Instance.Single("Microsoft.Web/sites");
        var values = site.Properties["siteConfig"]!["appSettings"]!.AsArray().Select(s => Arm.Str(s!["value"])).ToList();

        Assert.All(values, v => Assert.All(SecretMarkers, m => Assert.DoesNotContain(m, v, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Outputs_AreNeverSecureAndNeverCarryTheAdminKey()
    {
        foreach (var resource in CompiledTemplate.Instance.OfType("Microsoft.Resources/deployments").Select(d => d.Properties["template"]!.AsObject()).Append(CompiledTemplate.Instance.Root))
        {
            foreach (var output in resource["outputs"]?.AsObject() ?? [])
            {
                var type = Arm.Str(output.Value!["type"]);
                var value = Arm.Text(output.Value!["value"]);
                Assert.DoesNotContain("secure", type, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("adminKey')", value, StringComparison.OrdinalIgnoreCase);
                Assert.All(SecretMarkers, m => Assert.DoesNotContain(m, value, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void AdminKeyParameters_AreSecure_AndHaveNoLiteralDefault()
    {
        var parameters = CompiledTemplate.Instance.Root["parameters"]!;

        Assert.Equal("securestring", Arm.Str(parameters["adminKey"]!["type"]));
        Assert.Equal(string.Empty, Arm.Str(parameters["adminKey"]!["defaultValue"]));
        Assert.Equal("securestring", Arm.Str(parameters["generatedAdminKey"]!["type"]));
        Assert.Equal("[newGuid()]", Arm.Str(parameters["generatedAdminKey"]!["defaultValue"]));
    }

    [Fact]
    public void ParametersFile_NeverHoldsASecretValue()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.Equal("${TOKENGATE_ADMIN_KEY}", Arm.Str(file["adminKey"]!["value"]));
        Assert.False(file.ContainsKey("generatedAdminKey"));
    }
}
