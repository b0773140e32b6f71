using Microsoft.Azure.Functions.Worker;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Functions.Triggers;

/// <summary>
/// At 00:00 UTC on the 1st of every month, announces that last month is closed: a marker goes into
/// every partition of the usage stream and each partition's processor finishes the month for its
/// users. Budgets never wait for this (periods roll over inside the entities); it only closes the
/// chargeback records. Safe to run twice or late; a lost marker is covered by the next event.
/// </summary>
public sealed class MonthlyCloseFunction(PeriodCloseAnnouncer announcer)
{
    /// <summary>Six-field NCRONTAB, UTC (WEBSITE_TIME_ZONE is not supported on Linux plans).</summary>
    public const string Schedule = "0 0 0 1 * *";

    [Function(nameof(MonthlyClose))]
    public Task MonthlyClose([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        announcer.AnnounceAsync(period: null, cancellationToken);
}
