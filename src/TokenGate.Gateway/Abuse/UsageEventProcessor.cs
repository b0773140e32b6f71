using System.Collections.Concurrent;
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
/// Per-user state is restored from <see cref="IBehaviourStateStore"/> when a user is first seen and saved before
/// the batch completes, at most once per <see cref="AbuseDetectionOptions.StateSaveInterval"/> of event time and
/// always after a finding; events a restored state already contains (at or before its LastSeen) are not counted twice.
/// </summary>
public sealed class UsageEventProcessor : IUsageEventProcessor
{
    private const int RestoreParallelism = 8;
    private const int MaxPendingFindings = 10_000;
    private readonly BehaviourDetector _detector;
    private readonly IUserBlocker _blocker;
    private readonly IIncidentSink _incidents;
    private readonly IBehaviourStateStore _state;
    private readonly AbuseDetectionOptions _options;
    private readonly ILogger<UsageEventProcessor> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private readonly BehaviourSaveLedger _saves;

    // Findings detected but not yet acted on (incident store or blocker failed): acted on first by the next call,
    // because a retried batch is all remembered request ids and would otherwise never re-raise them.
    private readonly Queue<DetectionFinding> _pending = new();
    private bool _headFailed;

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
        _saves = new BehaviourSaveLedger(_options.StateSaveInterval, _options.Detection.MaxTrackedUsers);
    }

    /// <summary>Stable incident id for a deduplication key (hex of XxHash64).</summary>
    public static string IncidentId(string deduplicationKey) =>
        "inc-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(deduplicationKey)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task ProcessAsync(IReadOnlyList<UsageEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = batch.Where(e => e.Kind != UsageEventKind.PeriodClosed && Remember(e.RequestId)).ToList();
            if (fresh.Count < batch.Count(e => e.Kind != UsageEventKind.PeriodClosed))
            {
                AbuseLog.Redelivered(_logger, batch.Count - fresh.Count);
            }

            var users = fresh.Where(e => e.UserId is not null && e.Kind is UsageEventKind.Completed or UsageEventKind.Rejected)
                .GroupBy(e => (Tenant: e.TenantId ?? string.Empty, User: e.UserId!))
                .ToDictionary(g => g.Key, g => g.Min(e => e.Time));
            await RestoreAsync(users, cancellationToken).ConfigureAwait(false);

            var findings = new List<DetectionFinding>();
            var alreadyInState = 0;
            foreach (var usageEvent in fresh.OrderBy(e => e.Time))
            {
                if (IsInRestoredState(usageEvent))
                {
                    alreadyInState++;
                    continue;
                }

                findings.AddRange(_detector.Observe(usageEvent));
            }

            if (alreadyInState > 0)
            {
                BehaviourStateLog.AlreadyInState(_logger, alreadyInState);
            }

            // Act before saving: saved state marks events as handled for whichever instance restores it next.
            // A failure leaves the unacted findings pending and throws, so the host retries (and nothing is saved).
            foreach (var finding in findings)
            {
                EnqueuePending(finding);
            }

            await ActOnPendingAsync(cancellationToken).ConfigureAwait(false);

            await SaveAsync(users.Keys, findings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // An event of a user at or before the restored state's LastSeen was processed by the instance that saved it (redelivery).
    private bool IsInRestoredState(UsageEvent e) =>
        e.UserId is not null
        && e.Kind is UsageEventKind.Completed or UsageEventKind.Rejected
        && _saves.IsInRestoredState((e.TenantId ?? string.Empty, e.UserId), e.Time);

    private async Task RestoreAsync(Dictionary<(string Tenant, string User), DateTimeOffset> users, CancellationToken ct)
    {
        var untracked = users.Keys.Where(u => !_detector.IsTracked(u.Tenant, u.User)).ToList();
        if (untracked.Count == 0)
        {
            return;
        }

        var results = new ConcurrentDictionary<(string Tenant, string User), UserBehaviourSnapshot?>();
        var failures = new ConcurrentQueue<Exception>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = RestoreParallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(untracked, parallel, async (user, token) =>
        {
            try
            {
                results[user] = await _state.GetAsync(user.Tenant, user.User, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                failures.Enqueue(ex);
            }
        }).ConfigureAwait(false);

        foreach (var user in untracked)
        {
            if (!results.TryGetValue(user, out var snapshot))
            {
                _saves.Unrestored(user);
            }
            else if (snapshot is not null && string.Equals(snapshot.UserId, user.User, StringComparison.Ordinal))
            {
                _detector.Restore(user.Tenant, snapshot);
                _saves.Restored(user, snapshot.LastSeen);
            }
            else
            {
                _saves.New(user, users[user]);
            }
        }

        if (!failures.IsEmpty)
        {
            BehaviourStateLog.RestoreFailed(_logger, failures.Count, new AggregateException(failures));
        }
    }

    private async Task SaveAsync(IEnumerable<(string Tenant, string User)> users, List<DetectionFinding> findings, CancellationToken ct)
    {
        var flagged = findings.Where(f => f.UserId is not null).Select(f => (f.TenantId ?? string.Empty, f.UserId!)).ToHashSet();
        var due = new List<(string Tenant, UserBehaviourSnapshot Snapshot)>();
        foreach (var user in users)
        {
            if (_detector.Snapshot(user.Tenant, user.User) is { } snapshot && _saves.IsDue(user, snapshot.LastSeen, flagged.Contains(user)))
            {
                due.Add((user.Tenant, snapshot));
            }
        }

        foreach (var tenant in due.GroupBy(d => d.Tenant, StringComparer.Ordinal))
        {
            var snapshots = tenant.Select(d => d.Snapshot).ToList();
            try
            {
                await _state.SaveManyAsync(tenant.Key, snapshots, ct).ConfigureAwait(false);
                foreach (var snapshot in snapshots)
                {
                    _saves.Saved((tenant.Key, snapshot.UserId), snapshot.LastSeen);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Findings are already acted on and the state is still in memory: the next event of these users retries.
                BehaviourStateLog.SaveFailed(_logger, snapshots.Count, tenant.Key, ex);
                foreach (var snapshot in snapshots)
                {
                    _saves.SaveFailed((tenant.Key, snapshot.UserId));
                }
            }
        }
    }

    private void EnqueuePending(DetectionFinding finding)
    {
        _pending.Enqueue(finding);
        if (_pending.Count > MaxPendingFindings)
        {
            var dropped = _pending.Dequeue();
            _headFailed = false;
            AbuseLog.PendingFindingDropped(_logger, dropped.Detector, dropped.SubjectKind, dropped.Subject, MaxPendingFindings);
        }
    }

    private async Task ActOnPendingAsync(CancellationToken ct)
    {
        while (_pending.TryPeek(out var finding))
        {
            try
            {
                await ActAsync(finding, ct, retry: _headFailed).ConfigureAwait(false);
            }
            catch
            {
                _headFailed = true;
                throw;
            }

            _pending.Dequeue();
            _headFailed = false;
        }
    }

    private async Task ActAsync(DetectionFinding finding, CancellationToken ct, bool retry)
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

        // Blocking is idempotent (same user, same until), so a redelivery that reaches here is harmless. A retry after a
        // failure blocks again: the incident may have been stored with its BlockedUntil while the block itself failed.
        if (until is { } blockUntil && (created || retry || incident.BlockedUntil is null))
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
