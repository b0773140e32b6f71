using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Entities;

/// <summary>Source-generated log messages of the in-process entity backend.</summary>
internal static partial class EntityBackendLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Entity operation {Operation} on @{EntityName}@{EntityKey} threw; its state change and signals were rolled back")]
    public static partial void OperationFailed(ILogger logger, string operation, string entityName, string entityKey, Exception exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Entity state store unavailable for @{EntityName}@{EntityKey}; retrying operation {Operation} in {RetryDelay}")]
    public static partial void StoreUnavailable(ILogger logger, string entityName, string entityKey, string operation, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Signal {Operation} to unregistered entity @{EntityName}@{EntityKey} dropped")]
    public static partial void UnknownEntity(ILogger logger, string operation, string entityName, string entityKey);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Entity state of @{EntityName}@{EntityKey} changed elsewhere; re-running operation {Operation}")]
    public static partial void StateConflict(ILogger logger, string entityName, string entityKey, string operation);
}
