using System.Collections.Concurrent;
using System.Diagnostics;

namespace TokenGate.Testing;

/// <summary>Kills child processes started by test fixtures when the test process exits without disposing them.</summary>
internal static class ProcessExitGuard
{
    private static readonly ConcurrentDictionary<int, Process> Processes = new();
    private static int _hooked;

    public static void Track(Process process)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        Processes[process.Id] = process;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Processes.TryRemove(process.Id, out _);
    }

    private static void KillAll()
    {
        foreach (var process in Processes.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not ours to kill any more.
            }
        }
    }
}
