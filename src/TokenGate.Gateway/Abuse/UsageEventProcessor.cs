using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Detection;
using TokenGate.Core.Events;

namespace TokenGate.Gateway.Abuse;

/// <summary>
/// Runs the behavioural detectors over a batch and acts: High findings block the user through
/// <see cref="IUserBlocker"/> (until event time + BlockMinutes) and open an incident; Medium findings
/// open an incident. Idempotent on redelivery: processed request ids are remembered (bounded), block
/// times derive from event time, and incidents are deduplicated by a stable key.
/// </summary>
public sealed class UsageEventProcessor : IUsageEventProcessor
{
    private readonly BehaviourDetector _detector;
    private readonly IUserBlocker _blocker;
    private readonly IIncidentSink _incidents;
    private readonly IBehaviourStateStore _state;
    private readonly AbuseDetectionOptions _options;
    private readonly ILogger<UsageEventProcessor> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();

    public UsageEventProcessor(
        IUserBlocker blocker,
        IIncidentSink incidents,
        IBehaviourStateStore state,
        IOptions<AbuseDetectionOptions> options,
        ILogger<UsageEventProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blocker = blocker;
        _incidents = incidents;
        _state = state;
        _options = options.Value;
        _logger = logger;
        _detector = new BehaviourDetector(_options.Detection);
    }

    /// <summary>Stable incident id for a deduplication key (hex of XxHash64).</summary>
    public static string IncidentId(string deduplicationKey) =>
        "inc-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(deduplicationKey)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var findings = new List<DetectionFinding>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = batch.Where(e => e.Kind != UsageEventKind.PeriodClosed && Remember(e.RequestId)).ToList();
            if (fresh.Count < batch.Count(e => e.Kind != UsageEventKind.PeriodClosed))
            {
                AbuseLog.Redelivered(_logger, batch.Count - fresh.Count);
            }

            var users = fresh.Where(e => e.UserId is not null).Select(e => (Tenant: e.TenantId ?? string.Empty, User: e.UserId!)).Distinct().ToList();
            foreach (var (tenant, user) in users.Where(u => !_detector.IsTracked(u.Tenant, u.User)))
            {
                var snapshot = await _state.GetAsync(tenant, user, cancellationToken).ConfigureAwait(false);
                if (snapshot is not null)
                {
                    _detector.Restore(tenant, snapshot);
                }
            }

            foreach (var usageEvent in fresh.OrderBy(e => e.Time))
            {
                findings.AddRange(_detector.Observe(usageEvent));
            }

            foreach (var (tenant, user) in users)
            {
                var snapshot = _detector.Snapshot(tenant, user);
                if (snapshot is not null)
                {
                    await _state.SaveAsync(tenant, snapshot, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var finding in findings)
        {
            await ActAsync(finding, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ActAsync(DetectionFinding finding, CancellationToken ct)
    {
        var key = finding.DeduplicationKey;
        var id = IncidentId(key);
        DateTimeOffset? until = null;
        if (_options.BlockOnHighConfidence && finding.Severity == FindingSeverity.High && finding.UserId is not null && finding.TenantId is not null)
        {
            until = finding.Time.AddMinutes(_options.BlockMinutes);
        }

        var (incident, created) = await _incidents.CreateIfAbsentAsync(new Incident
        {
            Id = id,
            DeduplicationKey = key,
            Detector = finding.Detector,
            SubjectKind = finding.SubjectKind,
            Subject = finding.Subject,
            TenantId = finding.TenantId,
            UserId = finding.UserId,
            Severity = finding.Severity,
            Score = finding.Score,
            DetectedAt = finding.Time,
            Evidence = finding.Evidence,
            BlockedUntil = until,
        }, ct).ConfigureAwait(false);

        if (created)
        {
            AbuseLog.IncidentOpened(_logger, incident.Id, finding.Detector, finding.SubjectKind, finding.Subject, finding.Severity.ToString());
        }

        // Blocking is idempotent (same user, same until), so a redelivery that reaches here is harmless.
        if (until is { } blockUntil && (created || incident.BlockedUntil is null))
        {
            await _blocker.BlockAsync(finding.TenantId!, finding.UserId!, blockUntil, $"abuse:{finding.Detector} (incident {id})", ct).ConfigureAwait(false);
            AbuseLog.UserBlocked(_logger, finding.TenantId!, finding.UserId!, blockUntil, finding.Detector, id);
        }
    }

    private bool Remember(string requestId)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return true;
        }

        if (!_seen.Add(requestId))
        {
            return false;
        }

        _seenOrder.Enqueue(requestId);
        while (_seenOrder.Count > _options.ProcessedRequestIdCapacity)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }

        return true;
    }
}
