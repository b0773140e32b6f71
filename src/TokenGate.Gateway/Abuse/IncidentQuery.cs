namespace TokenGate.Gateway.Abuse;

/// <summary>Filters for listing incidents; null means any. Newest first, at most <see cref="Limit"/>.</summary>
public sealed record IncidentQuery(IncidentStatus? Status = null, string? TenantId = null, string? Detector = null, int Limit = 100);
