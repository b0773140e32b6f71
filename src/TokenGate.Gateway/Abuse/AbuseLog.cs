using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Abuse;

internal static partial class AbuseLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Blocked user {TenantId}/{UserId} until {Until:o}: {Detector} (incident {IncidentId})")]
    public static partial void UserBlocked(ILogger logger, string tenantId, string userId, DateTimeOffset until, string detector, string incidentId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Opened incident {IncidentId}: {Detector} on {SubjectKind} {Subject} (severity {Severity})")]
    public static partial void IncidentOpened(ILogger logger, string incidentId, string detector, string subjectKind, string subject, string severity);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Skipped {Count} redelivered usage events")]
    public static partial void Redelivered(ILogger logger, int count);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Incident {IncidentId} reviewed as {Status} by {Reviewer}")]
    public static partial void Reviewed(ILogger logger, string incidentId, IncidentStatus status, string reviewer);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Unblocked user {TenantId}/{UserId} from incident {IncidentId} by {Reviewer}")]
    public static partial void Unblocked(ILogger logger, string tenantId, string userId, string incidentId, string reviewer);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Dropped a finding that could not be acted on ({Detector} on {SubjectKind} {Subject}): more than {Capacity} findings are pending")]
    public static partial void PendingFindingDropped(ILogger logger, string detector, string subjectKind, string subject, int capacity);
}
