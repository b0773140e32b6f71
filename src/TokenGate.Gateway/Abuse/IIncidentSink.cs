namespace TokenGate.Gateway.Abuse;

/// <summary>
/// Where incidents live (bridged by the host to the incident table). Creation is deduplicated by
/// <see cref="Incident.DeduplicationKey"/>: creating an existing key returns the stored incident.
/// </summary>
public interface IIncidentSink
{
    /// <summary>Creates the incident unless one with its key exists; returns the stored one and whether it was created.</summary>
    Task<(Incident Incident, bool Created)> CreateIfAbsentAsync(Incident incident, CancellationToken ct);

    Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken ct);

    Task<Incident?> GetAsync(string id, CancellationToken ct);

    /// <summary>Stores a review verdict; returns the updated incident, or null when not found.</summary>
    Task<Incident?> SetVerdictAsync(string id, IncidentStatus status, string note, string reviewer, DateTimeOffset at, CancellationToken ct);
}
