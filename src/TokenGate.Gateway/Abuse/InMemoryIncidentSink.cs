using System.Collections.Concurrent;

namespace TokenGate.Gateway.Abuse;

/// <summary>Incidents in memory (Standalone default, tests).</summary>
public sealed class InMemoryIncidentSink : IIncidentSink
{
    private readonly ConcurrentDictionary<string, Incident> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyById = new(StringComparer.Ordinal);

    public Task<(Incident Incident, bool Created)> CreateIfAbsentAsync(Incident incident, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var stored = _byKey.GetOrAdd(incident.DeduplicationKey, incident);
        _keyById.TryAdd(stored.Id, stored.DeduplicationKey);
        return Task.FromResult((stored, ReferenceEquals(stored, incident)));
    }

    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<Incident> result = _byKey.Values
            .Where(i => query.Status is null || i.Status == query.Status)
            .Where(i => query.TenantId is null || i.TenantId == query.TenantId)
            .Where(i => query.Detector is null || i.Detector == query.Detector)
            .OrderByDescending(i => i.DetectedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(Math.Max(1, query.Limit))
            .ToList();
        return Task.FromResult(result);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken ct) =>
        Task.FromResult(_keyById.TryGetValue(id, out var key) && _byKey.TryGetValue(key, out var incident) ? incident : null);

    public Task<Incident?> SetVerdictAsync(string id, IncidentStatus status, string note, string reviewer, DateTimeOffset at, CancellationToken ct)
    {
        if (!_keyById.TryGetValue(id, out var key) || !_byKey.TryGetValue(key, out var incident))
        {
            return Task.FromResult<Incident?>(null);
        }

        var updated = incident with { Status = status, ReviewNote = note, Reviewer = reviewer, ReviewedAt = at };
        _byKey[key] = updated;
        return Task.FromResult<Incident?>(updated);
    }
}
