using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TokenGate.Core.Detection;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Gateway.Tests.Abuse;

/// <summary>
/// A batch whose findings could not be acted on (store or blocker down) throws, and the host retries the
/// same batch: every event is then a remembered request id, so the findings must come from the pending queue.
/// </summary>
public class UsageEventProcessorActionFailureTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryIncidentSink _incidents = new();
    private readonly InMemoryBehaviourStateStore _state = new();

    private static List<UsageEvent> InjectionAttempts(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new UsageEvent
        {
            Kind = UsageEventKind.Rejected,
            Time = Start.AddSeconds(i * 10),
            RequestId = "req-" + i,
            TenantId = "t1",
            UserId = "mallory",
            Status = 403,
            InjectionScore = 0.97,
            ScreeningVerdict = ScreeningVerdict.Block,
        })];

    private UsageEventProcessor CreateProcessor(IUserBlocker blocker, IIncidentSink? incidents = null) =>
        new(blocker, incidents ?? _incidents, _state, Options.Create(new AbuseDetectionOptions()), NullLogger<UsageEventProcessor>.Instance);

    [Fact]
    public async Task Process_WhenTheBlockFails_ThrowsAndTheRetriedBatchPlacesTheBlock()
    {
        var blocker = new FailingBlocker(failures: 1);
        var processor = CreateProcessor(blocker);
        var batch = InjectionAttempts(12);

        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.ProcessAsync(batch, CancellationToken.None));
        Assert.Empty(blocker.Inner.Blocks);

        await processor.ProcessAsync(batch, CancellationToken.None);

        var block = blocker.Inner.Blocks[("t1", "mallory")];
        Assert.Equal(Start.AddSeconds(90).AddMinutes(60), block.Until);
        var incidents = await _incidents.ListAsync(new IncidentQuery(), CancellationToken.None);
        Assert.Single(incidents, i => i.Severity == FindingSeverity.High);
    }

    [Fact]
    public async Task Process_WhenTheIncidentStoreFails_TheNextCallOpensEveryPendingIncidentOnce()
    {
        var sink = new FailingIncidentSink(_incidents, failures: 2);
        var blocker = new InMemoryUserBlocker();
        var processor = CreateProcessor(blocker, sink);
        var batch = InjectionAttempts(12);

        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.ProcessAsync(batch, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.ProcessAsync(batch, CancellationToken.None));
        await processor.ProcessAsync(batch, CancellationToken.None);
        await processor.ProcessAsync(batch, CancellationToken.None);

        var incidents = await _incidents.ListAsync(new IncidentQuery(), CancellationToken.None);
        Assert.Equal(2, incidents.Count);
        Assert.Contains(incidents, i => i.Severity == FindingSeverity.Medium);
        Assert.Contains(incidents, i => i.Severity == FindingSeverity.High && i.BlockedUntil is not null);
        Assert.Equal(1, blocker.BlockCalls);
    }

    private sealed class FailingBlocker(int failures) : IUserBlocker
    {
        private int _failures = failures;

        public InMemoryUserBlocker Inner { get; } = new();

        public Task BlockAsync(string tenantId, string userId, DateTimeOffset until, string reason, CancellationToken ct) =>
            _failures-- > 0 ? throw new InvalidOperationException("blocker unavailable") : Inner.BlockAsync(tenantId, userId, until, reason, ct);

        public Task UnblockAsync(string tenantId, string userId, string reason, CancellationToken ct) => Inner.UnblockAsync(tenantId, userId, reason, ct);
    }

    private sealed class FailingIncidentSink(IIncidentSink inner, int failures) : IIncidentSink
    {
        private int _failures = failures;

        public Task<(Incident Incident, bool Created)> CreateIfAbsentAsync(Incident incident, CancellationToken ct) =>
            _failures-- > 0 ? throw new InvalidOperationException("incident store unavailable") : inner.CreateIfAbsentAsync(incident, ct);

        public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken ct) => inner.ListAsync(query, ct);

        public Task<Incident?> GetAsync(string id, CancellationToken ct) => inner.GetAsync(id, ct);

        public Task<Incident?> SetVerdictAsync(string id, IncidentStatus status, string note, string reviewer, DateTimeOffset at, CancellationToken ct) =>
            inner.SetVerdictAsync(id, status, note, reviewer, at, ct);
    }
}
