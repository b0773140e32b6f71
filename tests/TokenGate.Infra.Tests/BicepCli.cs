using System.Diagnostics;

namespace TokenGate.Infra.Tests;

/// <summary>Runs the Bicep CLI that restore put in the NuGet global packages folder (no other download).</summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static string Version => RepoPaths.Metadata("BicepCliVersion");

    public static BicepResult Run(params string[] args)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Infra,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Keeps the CLI quiet and offline-friendly on CI machines.
        info.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish.");
        }

        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Locate()
    {
        var candidates = new List<string> { RepoPaths.Metadata("BicepCliPath") };
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        candidates.Add(System.IO.Path.Combine(packages, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep"));
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"Bicep CLI not found (looked at {string.Join(", ", candidates)}); restore tests/TokenGate.Infra.Tests first.");

        // NuGet extracts the binary without its execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(found);
            const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(found, mode | Execute);
            }
        }

        return found;
    }
}
