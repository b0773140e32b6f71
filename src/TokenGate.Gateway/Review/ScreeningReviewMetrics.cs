using System.Diagnostics.Metrics;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Review;

/// <summary><c>tokengate.review.samples</c> on the TokenGate meter, tagged by outcome (never by user or tenant).</summary>
public sealed class ScreeningReviewMetrics
{
    /// <summary>Queued for the writer.</summary>
    public const string Queued = "queued";

    /// <summary>Dropped because the queue was full.</summary>
    public const string Dropped = "dropped";

    /// <summary>Dropped because the user reached the hourly cap.</summary>
    public const string Capped = "capped";

    /// <summary>Same normalised text as an existing review incident of the tenant.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A review incident was opened.</summary>
    public const string Opened = "opened";

    /// <summary>The incident store failed; the sample is lost.</summary>
    public const string Failed = "failed";

    private readonly Counter<long> _samples;

    /// <summary>Creates the counter on the factory's TokenGate meter.</summary>
    public ScreeningReviewMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _samples = meterFactory.Create(GatewayMetrics.MeterName)
            .CreateCounter<long>("tokengate.review.samples", "{sample}", "Screened prompts offered for human review, by outcome.");
    }

    /// <summary>Counts one sample with <paramref name="outcome"/>.</summary>
    public void Sample(string outcome) => _samples.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
