using System.Diagnostics.Metrics;

namespace TokenGate.Gateway.Quota;

/// <summary>Quota sync instruments on the shared "TokenGate" meter (no user ids as dimensions).</summary>
internal sealed class QuotaSyncMetrics
{
    private readonly Counter<long>? _batchesSent;
    private readonly Counter<long>? _signalFailures;
    private readonly Counter<long>? _readFailures;
    private long _pendingBatches;

    public QuotaSyncMetrics(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            return;
        }

        var meter = meterFactory.Create("TokenGate");
        _batchesSent = meter.CreateCounter<long>("tokengate.quota_sync.batches_sent", description: "Settlement batches signalled to quota entities, re-sends included.");
        _signalFailures = meter.CreateCounter<long>("tokengate.quota_sync.signal_failures", description: "Failed entity signals (batches kept for retry).");
        _readFailures = meter.CreateCounter<long>("tokengate.quota_sync.read_failures", description: "Failed entity reads during refresh.");
        meter.CreateObservableGauge("tokengate.quota_sync.pending_batches", () => Interlocked.Read(ref _pendingBatches), description: "Batches not yet seen applied by their entity.");
    }

    public void BatchSent() => _batchesSent?.Add(1);

    public void SignalFailed() => _signalFailures?.Add(1);

    public void ReadFailed() => _readFailures?.Add(1);

    public void SetPending(long count) => Interlocked.Exchange(ref _pendingBatches, count);
}
