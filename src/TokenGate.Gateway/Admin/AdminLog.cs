using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Admin;

/// <summary>Source-generated admin API log messages; never a key or secret.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Admin API call refused ({Status}) for {Method} {Path}")]
    public static partial void Refused(ILogger logger, int status, string method, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Admin: created key {KeyId} for {TenantId}/{UserId}")]
    public static partial void KeyCreated(ILogger logger, string keyId, string tenantId, string userId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Admin: revoked key {KeyId}")]
    public static partial void KeyRevoked(ILogger logger, string keyId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Admin: {Action} {TenantId}/{UserId}")]
    public static partial void UserAction(ILogger logger, string action, string tenantId, string userId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Admin: saved {Kind} {Name}")]
    public static partial void Saved(ILogger logger, string kind, string name);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "Admin API call {Method} {Path} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Admin: could not signal the quota entity of {TenantId}/{UserId} ({Action}); applied on this instance only")]
    public static partial void EntitySignalFailed(ILogger logger, Exception exception, string tenantId, string userId, string action);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Debug, Message = "Admin: entity state of {TenantId}/{UserId} unavailable")]
    public static partial void EntityReadFailed(ILogger logger, Exception exception, string tenantId, string userId);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Admin API is disabled: TokenGate:Admin:Key is not set")]
    public static partial void Disabled(ILogger logger);
}
