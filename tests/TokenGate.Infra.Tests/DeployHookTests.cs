using System.Diagnostics;

namespace TokenGate.Infra.Tests;

public class DeployHookTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("false", 1)]
    [InlineData("true", 0)]
    public void PrepackageGuard_PassesOnlyWhenTheEventHubSwitchIsTrue(string? value, int expectedExit)
    {
        var (exit, output) = RunHook("require-eventhubs-switch.sh", ("TokenGateEventHubs", value));

        Assert.Equal(expectedExit, exit);
        Assert.Contains("TokenGateEventHubs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprovision_WithAnExistingAppRegistration_KeepsIt_WithoutCallingAzureCli()
    {
        var (exit, output) = RunHook(
            "preprovision.sh",
            ("TOKENGATE_BACKEND_APP_ID", "11111111-2222-3333-4444-555555555555"),
            ("PATH", "/nonexistent"));

        Assert.Equal(0, exit);
        Assert.Contains("11111111-2222-3333-4444-555555555555", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) RunHook(string script, params (string Name, string? Value)[] environment)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Infra, "hooks", script));
        info.Environment.Remove("TokenGateEventHubs");
        info.Environment.Remove("TOKENGATE_BACKEND_APP_ID");
        foreach (var (name, value) in environment)
        {
            if (value is not null)
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
