using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Quota;

internal static partial class QuotaSyncLog
{
    [LoggerMessage(1, LogLevel.Warning, "Signalling quota entity {EntityId} failed; {PendingBatches} batches kept for retry")]
    public static partial void SignalFailed(ILogger logger, string entityId, int pendingBatches, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Reading quota entity {EntityId} failed; its view stays as it was")]
    public static partial void ReadFailed(ILogger logger, string entityId, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Quota sync {Loop} round failed")]
    public static partial void RoundFailed(ILogger logger, string loop, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Quota sync started as source {SourceId}: flush every {FlushInterval}, refresh every {RefreshInterval}")]
    public static partial void Started(ILogger logger, string sourceId, TimeSpan flushInterval, TimeSpan refreshInterval);
}
