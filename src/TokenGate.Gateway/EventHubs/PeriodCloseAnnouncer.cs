using System.Globalization;
using Azure.Messaging.EventHubs;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.EventHubs;

/// <summary>
/// Drops a <see cref="UsageEventKind.PeriodClosed"/> marker into every partition of the usage
/// stream, so each partition's processor finishes the closed month for its own users. Safe to run
/// twice: the marker's request id is derived from the period, and closing a month is idempotent.
/// Without Event Hubs (Standalone, local runs) one marker goes through the in-process sink.
/// </summary>
public sealed class PeriodCloseAnnouncer(IUsageEventSink sink, TimeProvider time, IUsageEventTransport? transport = null)
{
    /// <summary>The UTC calendar month before <paramref name="now"/>, as "yyyy-MM".</summary>
    public static string PreviousPeriod(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>Announces that <paramref name="period"/> (default: last month) is closed; returns the partitions written to.</summary>
    public async Task<IReadOnlyList<string>> AnnounceAsync(string? period, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = period ?? PreviousPeriod(now);
        if (transport is null)
        {
            return sink.TryPublish(Marker(now, closed, "local")) ? ["local"] : [];
        }

        var partitions = await transport.GetPartitionIdsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var partitionId in partitions)
        {
            var marker = Marker(now, closed, partitionId);
            var data = new EventData(UsageEventJson.Serialize(marker)) { ContentType = "application/json" };
            data.Properties["kind"] = nameof(UsageEventKind.PeriodClosed);
            await transport.EnqueueAsync(data, partitionKey: null, partitionId, cancellationToken).ConfigureAwait(false);
        }

        return partitions;
    }

    private static UsageEvent Marker(DateTimeOffset now, string closed, string partitionId) => new()
    {
        Kind = UsageEventKind.PeriodClosed,
        Time = now,
        RequestId = $"period-closed:{closed}:{partitionId}",
        ClosedPeriod = closed,
    };
}
