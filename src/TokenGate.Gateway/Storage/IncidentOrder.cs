namespace TokenGate.Gateway.Storage;

/// <summary>Filtering, ordering and validation shared by the incident stores so both answer alike.</summary>
internal static class IncidentOrder
{
    public static bool Matches(Incident incident, IncidentQuery query) =>
        (query.Status is null || incident.Status == query.Status)
        && (query.TenantId is null || incident.TenantId == query.TenantId)
        && (query.Detector is null || incident.Detector == query.Detector);

    public static List<Incident> Apply(IEnumerable<Incident> incidents, int limit) =>
        [.. incidents.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).Take(Math.Max(0, limit))];

    public static void EnsureVerdict(IncidentStatus verdict)
    {
        if (verdict is not (IncidentStatus.Confirmed or IncidentStatus.Dismissed))
        {
            throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "A verdict is Confirmed or Dismissed.");
        }
    }
}
