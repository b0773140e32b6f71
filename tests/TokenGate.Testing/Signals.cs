using System.Diagnostics;
using System.Globalization;

namespace TokenGate.Testing;

/// <summary>Sends SIGTERM on Unix (through <c>kill</c>) so a child process can shut down cleanly.</summary>
internal static class Signals
{
    public static bool Terminate(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            using var kill = Process.Start("kill", ["-TERM", processId.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            return kill.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
