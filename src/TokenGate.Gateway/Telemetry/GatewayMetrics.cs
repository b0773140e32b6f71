using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenGate.Gateway.Telemetry;

/// <summary>
/// TokenGate's instruments on the one <c>Meter("TokenGate")</c>. Tags are low-cardinality
/// (outcome, reason, kind); never a user, tenant or key id.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>Name of the meter (and of the activity source).</summary>
    public const string MeterName = "TokenGate";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _eventsDropped;

    /// <summary>Creates the instruments on the factory's TokenGate meter.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("tokengate.requests", "{request}", "Requests handled, by outcome.");
        _rejected = meter.CreateCounter<long>("tokengate.requests.rejected", "{request}", "Requests refused before forwarding, by reason.");
        _tokens = meter.CreateCounter<long>("tokengate.tokens.consumed", "{token}", "Tokens settled, by kind (prompt/completion) and whether estimated.");
        _upstreamDuration = meter.CreateHistogram<double>("tokengate.upstream.duration", "ms", "Time from sending upstream to the end of its response.");
        _overhead = meter.CreateHistogram<double>("tokengate.gateway.overhead", "ms", "Time spent in the pipeline before the call is sent upstream.");
        _eventsDropped = meter.CreateCounter<long>("tokengate.events.dropped", "{event}", "Usage events dropped because the buffer was full.");
    }

    /// <summary>Traces of the pipeline.</summary>
    public static ActivitySource ActivitySource { get; } = new(MeterName);

    public void Request(string outcome) => _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void TokensConsumed(int prompt, int completion, bool estimated)
    {
        var e = new KeyValuePair<string, object?>("estimated", estimated);
        _tokens.Add(prompt, new KeyValuePair<string, object?>("kind", "prompt"), e);
        _tokens.Add(completion, new KeyValuePair<string, object?>("kind", "completion"), e);
    }

    public void UpstreamDuration(TimeSpan duration) => _upstreamDuration.Record(duration.TotalMilliseconds);

    public void Overhead(TimeSpan duration) => _overhead.Record(duration.TotalMilliseconds);

    public void EventDropped() => _eventsDropped.Add(1);
}
