using System.Diagnostics;

namespace TokenGate.Functions.Tests;

/// <summary>The Event Hub trigger's build switch must never drop out of a production publish silently.</summary>
public sealed class EventHubsSwitchTests
{
    [Fact]
    public async Task Publish_WithoutTheEventHubsSwitch_FailsWithAnExplanation()
    {
        var (exitCode, output) = await RunDotnetAsync(
            "publish", RepositoryPaths.FunctionsProjectDirectory, "--no-build", "--no-restore",
            "-c", RepositoryPaths.Configuration, "-o", Path.Combine(Path.GetTempPath(), "tg-publish-" + Guid.NewGuid().ToString("N")));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("TG0001", output, StringComparison.Ordinal);
        Assert.Contains("-p:TokenGateEventHubs=true", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutTheSwitch_LeavesTheTriggerOutButKeepsItsSourceInTheRepository()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.FunctionsProjectDirectory, "EventHubs", "UsageEventsFunction.cs")));
        Assert.Null(typeof(Triggers.MonthlyCloseFunction).Assembly.GetType("TokenGate.Functions.EventHubs.UsageEventsFunction"));
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
