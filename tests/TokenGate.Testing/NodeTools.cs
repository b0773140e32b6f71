using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TokenGate.Testing;

/// <summary>Runs node and npm, failing with a clear message when they are not installed.</summary>
public static class NodeTools
{
    private const string MissingMessage =
        "Node.js and npm are required by this test (Azurite and the npm clients run on Node). " +
        "Install Node.js 20 or later with npm (for example `apt-get install nodejs npm`) and make sure `node` and `npm` are on PATH.";

    /// <summary>Starts <c>node</c> with the given arguments, output redirected.</summary>
    public static Process StartNode(IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException(MissingMessage);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(MissingMessage, ex);
        }
    }

    /// <summary>Runs a program to completion and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException(MissingMessage);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{fileName}`. {MissingMessage}", ex);
        }

        using (process)
        {
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`{fileName} {string.Join(' ', info.ArgumentList)}` did not finish within {timeout}.");
            }

            output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
            return (process.ExitCode, output.ToString());
        }
    }
}
