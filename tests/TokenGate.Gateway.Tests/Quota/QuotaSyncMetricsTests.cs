using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Gateway.Quota;
using static TokenGate.Gateway.Tests.Quota.QuotaSyncTestHost;

namespace TokenGate.Gateway.Tests.Quota;

public class QuotaSyncMetricsTests
{
    [Fact]
    public async Task Flush_CountsSentBatchesAndSignalFailuresOnTheTokenGateMeter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var host = new QuotaSyncTestHost();
        var engine = new EngineViewDouble();
        var sync = new QuotaSynchronizer(host.Client, engine, Options.Create(new QuotaSyncOptions { SourceId = "m" }), host.Time, NullLogger<QuotaSynchronizer>.Instance, meterFactory);
        engine.Observer = sync;
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "TokenGate" && instrument.Name.StartsWith("tokengate.quota_sync.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value);
        listener.Start();

        host.Entities.FailSignals = true;
        engine.Settle("t", "u", 10, Period, host.Time.GetUtcNow());
        await sync.FlushAsync();
        host.Entities.FailSignals = false;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await sync.FlushAsync();
        listener.RecordObservableInstruments();

        Assert.Equal(1, totals["tokengate.quota_sync.signal_failures"]);
        Assert.Equal(2, totals["tokengate.quota_sync.batches_sent"]);
        Assert.Equal(2, totals["tokengate.quota_sync.pending_batches"]);
    }
}
