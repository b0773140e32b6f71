namespace TokenGate.Gateway.Storage;

/// <summary>Incidents for human review. Implementations: in memory, Azure Tables.</summary>
public interface IIncidentStore
{
    /// <summary>Stores <paramref name="incident"/> unless one with its <see cref="Incident.DedupeKey"/> exists, in which case that one is returned.</summary>
    /// <exception cref="StoreConflictException">Another incident (with another dedupe key) has the same id.</exception>
    Task<IncidentCreateResult> CreateAsync(Incident incident, CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Incidents matching the filters, newest first (then by id).</summary>
    Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records a reviewer's verdict (<see cref="IncidentStatus.Confirmed"/> or <see cref="IncidentStatus.Dismissed"/>);
    /// a later verdict replaces an earlier one. Returns the updated incident, or null when there is no such incident.
    /// </summary>
    Task<Incident?> SetVerdictAsync(string id, IncidentStatus verdict, string? note, string? reviewer, DateTimeOffset at, CancellationToken cancellationToken);
}
