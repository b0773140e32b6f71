namespace TokenGate.Gateway.Storage;

/// <summary><see cref="IIncidentStore"/> in process memory.</summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Incident> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByDedupeKey = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IncidentCreateResult> CreateAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (_lock)
        {
            if (_idByDedupeKey.TryGetValue(incident.DedupeKey, out var existingId))
            {
                return Task.FromResult(new IncidentCreateResult(_byId[existingId], false));
            }

            if (!_byId.TryAdd(incident.Id, incident))
            {
                throw new StoreConflictException($"An incident with id '{incident.Id}' already exists.");
            }

            _idByDedupeKey[incident.DedupeKey] = incident.Id;
            return Task.FromResult(new IncidentCreateResult(incident, true));
        }
    }

    /// <inheritdoc />
    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Incident>>(IncidentOrder.Apply(_byId.Values.Where(i => IncidentOrder.Matches(i, query)), query.Limit));
        }
    }

    /// <inheritdoc />
    public Task<Incident?> SetVerdictAsync(string id, IncidentStatus verdict, string? note, string? reviewer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        IncidentOrder.EnsureVerdict(verdict);
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return Task.FromResult<Incident?>(null);
            }

            var updated = current with { Status = verdict, ReviewerNote = note, Reviewer = reviewer, VerdictAt = at };
            _byId[id] = updated;
            return Task.FromResult<Incident?>(updated);
        }
    }
}
