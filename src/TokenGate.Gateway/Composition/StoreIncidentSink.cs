using System.Text.Json;
using TokenGate.Core.Detection;
using TokenGate.Gateway.Abuse;
using Stored = TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// Abuse incidents in the incident store (a table when storage is configured): the detector's view
/// of an incident maps onto the stored row; what has no column travels in the evidence JSON.
/// </summary>
internal sealed class StoreIncidentSink(Stored.IIncidentStore store) : IIncidentSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(Incident Incident, bool Created)> CreateIfAbsentAsync(Incident incident, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var result = await store.CreateAsync(ToStored(incident), ct).ConfigureAwait(false);
        return (FromStored(result.Incident), result.Created);
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await store.ListAsync(
            new Stored.IncidentQuery { Status = query.Status is { } s ? (Stored.IncidentStatus)(int)s : null, TenantId = query.TenantId, Detector = query.Detector, Limit = query.Limit },
            ct).ConfigureAwait(false);
        return [.. rows.Select(FromStored)];
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken ct) =>
        await store.GetAsync(id, ct).ConfigureAwait(false) is { } row ? FromStored(row) : null;

    public async Task<Incident?> SetVerdictAsync(string id, IncidentStatus status, string note, string reviewer, DateTimeOffset at, CancellationToken ct)
    {
        var row = await store.SetVerdictAsync(id, (Stored.IncidentStatus)(int)status, note, string.IsNullOrEmpty(reviewer) ? null : reviewer, at, ct).ConfigureAwait(false);
        return row is null ? null : FromStored(row) with { Reviewer = reviewer, ReviewNote = note };
    }

    internal static Stored.Incident ToStored(Incident incident) => new()
    {
        Id = incident.Id,
        DedupeKey = incident.DeduplicationKey,
        CreatedAt = incident.DetectedAt,
        TenantId = incident.TenantId ?? string.Empty,
        UserId = incident.UserId ?? string.Empty,
        Detector = incident.Detector,
        Severity = incident.Severity == FindingSeverity.High ? Stored.IncidentSeverity.High : Stored.IncidentSeverity.Medium,
        Status = (Stored.IncidentStatus)(int)incident.Status,
        Summary = $"{incident.Detector} on {incident.SubjectKind} {incident.Subject} (score {incident.Score:0.00})",
        EvidenceJson = JsonSerializer.Serialize(
            new Envelope(incident.SubjectKind, incident.Subject, incident.Score, incident.BlockedUntil, incident.Evidence), Json),
        ReviewText = incident.ReviewText,
        ReviewerNote = incident.ReviewNote,
        VerdictAt = incident.ReviewedAt,
    };

    internal static Incident FromStored(Stored.Incident row)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(row.EvidenceJson, Json) ?? new Envelope("user", row.UserId, 0, null, new Dictionary<string, string>());
        return new Incident
        {
            Id = row.Id,
            DeduplicationKey = row.DedupeKey,
            Detector = row.Detector,
            SubjectKind = envelope.SubjectKind,
            Subject = envelope.Subject,
            TenantId = row.TenantId.Length == 0 ? null : row.TenantId,
            UserId = row.UserId.Length == 0 ? null : row.UserId,
            Severity = row.Severity == Stored.IncidentSeverity.High ? FindingSeverity.High : FindingSeverity.Medium,
            Score = envelope.Score,
            DetectedAt = row.CreatedAt,
            Evidence = envelope.Evidence ?? new Dictionary<string, string>(),
            Status = (IncidentStatus)(int)row.Status,
            BlockedUntil = envelope.BlockedUntil,
            ReviewText = row.ReviewText,
            ReviewNote = row.ReviewerNote,
            Reviewer = row.Reviewer,
            ReviewedAt = row.VerdictAt,
        };
    }

    private sealed record Envelope(string SubjectKind, string Subject, double Score, DateTimeOffset? BlockedUntil, IReadOnlyDictionary<string, string>? Evidence);
}
