using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

public class BicepLintTests
{
    [Fact]
    public void Build_MainBicep_HasNoErrorsAndNoWarnings()
    {
        var build = CompiledTemplate.Instance.Build;

        Assert.Equal(0, build.ExitCode);
        Assert.Equal(string.Empty, build.StandardError.Trim());
    }

    [Fact]
    public void Lint_MainBicep_ReportsNothing()
    {
        var lint = BicepCli.Run("lint", RepoPaths.MainBicep);

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Equal(string.Empty, (lint.StandardOutput + lint.StandardError).Trim());
    }

    [Theory]
    [InlineData("secure-parameter-default")]
    [InlineData("secure-params-in-nested-deploy")]
    [InlineData("outputs-should-not-contain-secrets")]
    [InlineData("use-secure-value-for-secure-inputs")]
    [InlineData("use-recent-api-versions")]
    [InlineData("no-hardcoded-env-urls")]
    [InlineData("no-hardcoded-location")]
    [InlineData("no-unused-params")]
    [InlineData("no-unused-vars")]
    [InlineData("use-resource-id-functions")]
    public void BicepConfig_RaisesTheRuleToError(string rule)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "bicepconfig.json")))!;

        Assert.Equal("error", Arm.Str(config["analyzers"]!["core"]!["rules"]![rule]!["level"]));
    }

    [Fact]
    public void Lint_WithTheRepositoryConfig_FailsASecretDefaultASecretOutputAndAHardcodedCloudUrl()
    {
        // A probe next to main.bicep picks up infra/bicepconfig.json, proving the levels are in force.
        var probeDir = Directory.CreateDirectory(Path.Combine(RepoPaths.Infra, $".lint-probe-{Guid.NewGuid():N}"));
        try
        {
            var probe = Path.Combine(probeDir.FullName, "probe.bicep");
            File.WriteAllText(probe, """
                @secure()
                param adminPassword string = 'not-a-real-password'
                output leaked string = adminPassword
                output armEndpoint string = 'https://management.azure.com/'
                """);

            var lint = BicepCli.Run("lint", probe);

            Assert.NotEqual(0, lint.ExitCode);
            var text = lint.StandardOutput + lint.StandardError;
            Assert.Contains("Error secure-parameter-default", text, StringComparison.Ordinal);
            Assert.Contains("Error outputs-should-not-contain-secrets", text, StringComparison.Ordinal);
            Assert.Contains("Error no-hardcoded-env-urls", text, StringComparison.Ordinal);
        }
        finally
        {
            probeDir.Delete(recursive: true);
        }
    }
}
