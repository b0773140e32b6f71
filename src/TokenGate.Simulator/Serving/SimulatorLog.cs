using Microsoft.Extensions.Logging;

namespace TokenGate.Simulator.Serving;

internal static partial class SimulatorLog
{
    [LoggerMessage(1, LogLevel.Debug, "Injected fault {Fault} on {Deployment}")]
    public static partial void FaultInjected(ILogger logger, SimulatorFault fault, string deployment);

    [LoggerMessage(2, LogLevel.Debug, "Client went away during a call to {Deployment}")]
    public static partial void ClientGone(ILogger logger, string deployment);

    [LoggerMessage(3, LogLevel.Information, "TokenGate simulator listening on {Address}")]
    public static partial void Listening(ILogger logger, Uri address);
}
