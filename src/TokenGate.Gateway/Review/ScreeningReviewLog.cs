using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Review;

internal static partial class ScreeningReviewLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Screening review queue full: dropped the sample of request {RequestId}")]
    public static partial void Dropped(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Opened review incident {IncidentId} for request {RequestId} of {TenantId}/{UserId} ({Verdict}, score {Score:0.00})")]
    public static partial void Opened(ILogger logger, string incidentId, string requestId, string tenantId, string userId, string verdict, double score);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Review sample of request {RequestId} skipped: user {TenantId}/{UserId} reached the hourly cap")]
    public static partial void Capped(ILogger logger, string requestId, string tenantId, string userId);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "Could not store the review sample of request {RequestId}")]
    public static partial void Failed(ILogger logger, string requestId, Exception exception);
}
