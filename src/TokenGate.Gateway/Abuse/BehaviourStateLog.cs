using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Abuse;

internal static partial class BehaviourStateLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Could not restore the behaviour state of {Count} users; they are judged as new and not saved by this instance until they are reloaded")]
    public static partial void RestoreFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Could not save the behaviour state of {Count} users of tenant {TenantId}; kept in memory and retried with their next event")]
    public static partial void SaveFailed(ILogger logger, int count, string tenantId, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Skipped {Count} events already contained in restored behaviour state")]
    public static partial void AlreadyInState(ILogger logger, int count);
}
