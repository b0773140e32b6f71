using System.Xml.Linq;

namespace TokenGate.Infra.Tests;

public class BicepToolTests
{
    [Fact]
    public void CliVersion_MatchesTheCentralPackageVersion()
    {
        var props = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        var central = props.Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "Azure.Bicep.CommandLine.linux-x64");

        Assert.Equal((string?)central.Attribute("Version"), BicepCli.Version);
    }

    [Fact]
    public void Cli_RestoredIntoTheNuGetPackagesFolder_RunsAndReportsItsVersion()
    {
        var result = BicepCli.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(BicepCli.Version, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("azure.bicep.commandline.linux-x64", BicepCli.Version, "tools"), BicepCli.Path, StringComparison.OrdinalIgnoreCase);
    }
}
