namespace TokenGate.Gateway.Storage;

/// <summary>The stored incident and whether this call created it (false: an incident with the same dedupe key existed).</summary>
public sealed record IncidentCreateResult(Incident Incident, bool Created);
