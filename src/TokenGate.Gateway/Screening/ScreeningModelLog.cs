using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Screening;

internal static partial class ScreeningModelLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Screening model {Version} ({Source}, sha256 {Hash}) is live")]
    public static partial void Activated(ILogger logger, string version, ScreeningModelSource source, string hash);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Screening model {Version} refused: its bytes do not load as a model of this version or do not match hash {Hash}; keeping {Current}")]
    public static partial void Refused(ILogger logger, string version, string hash, string current);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Could not read the screening model store; keeping {Current}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string current);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Retraining run {RunId} started on model {BaseVersion}")]
    public static partial void RunStarted(ILogger logger, string runId, string baseVersion);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "Retraining run {RunId} {Status}: reviewed {Reviewed}, before [{Before}], after [{After}], model {Version}")]
    public static partial void RunFinished(ILogger logger, string runId, RetrainingRunStatus status, int reviewed, string before, string after, string? version);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error, Message = "Retraining run {RunId} failed; the live model is unchanged")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId);
}
