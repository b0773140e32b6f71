using Microsoft.Extensions.Logging;

namespace TokenGate.Gateway.Abuse;

/// <summary>
/// The review queue behind /admin/incidents: list, show, confirm or dismiss with a note, and unblock. The
/// verdict is kept as a labelled example (confirm = 1, dismiss = 0) with the reviewer's text when attached,
/// else the incident's own <see cref="Incident.ReviewText"/> (inline-screening incidents carry the redacted prompt).
/// </summary>
public sealed class IncidentReviewService(
    IIncidentSink incidents,
    IReviewedExampleSource examples,
    IUserBlocker blocker,
    TimeProvider timeProvider,
    ILogger<IncidentReviewService> logger)
{
    public Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken ct) => incidents.ListAsync(query, ct);

    public Task<Incident?> GetAsync(string id, CancellationToken ct) => incidents.GetAsync(id, ct);

    /// <summary>Marks the incident as real abuse; returns null when it does not exist.</summary>
    public Task<Incident?> ConfirmAsync(string id, string note, string reviewer, string? exampleText, CancellationToken ct) =>
        ReviewAsync(id, IncidentStatus.Confirmed, note, reviewer, exampleText, ct);

    /// <summary>Marks the incident as a false alarm; returns null when it does not exist. Does not unblock by itself.</summary>
    public Task<Incident?> DismissAsync(string id, string note, string reviewer, string? exampleText, CancellationToken ct) =>
        ReviewAsync(id, IncidentStatus.Dismissed, note, reviewer, exampleText, ct);

    /// <summary>Lifts the block of the incident's user; false when the incident does not exist or names no user.</summary>
    public async Task<bool> UnblockAsync(string id, string reviewer, CancellationToken ct)
    {
        var incident = await incidents.GetAsync(id, ct).ConfigureAwait(false);
        if (incident?.UserId is null || incident.TenantId is null)
        {
            return false;
        }

        await blocker.UnblockAsync(incident.TenantId, incident.UserId, $"unblocked by {reviewer} (incident {id})", ct).ConfigureAwait(false);
        AbuseLog.Unblocked(logger, incident.TenantId, incident.UserId, id, reviewer);
        return true;
    }

    private async Task<Incident?> ReviewAsync(string id, IncidentStatus status, string note, string reviewer, string? exampleText, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewer);
        var now = timeProvider.GetUtcNow();
        var updated = await incidents.SetVerdictAsync(id, status, note ?? string.Empty, reviewer, now, ct).ConfigureAwait(false);
        if (updated is null)
        {
            return null;
        }

        var label = status == IncidentStatus.Confirmed ? 1 : 0;
        var text = !string.IsNullOrWhiteSpace(exampleText) ? exampleText
            : !string.IsNullOrWhiteSpace(updated.ReviewText) ? updated.ReviewText
            : null;
        await examples.AddAsync(new ReviewedExample(id, updated.Detector, label, text, note ?? string.Empty, now), ct).ConfigureAwait(false);
        AbuseLog.Reviewed(logger, id, status, reviewer);
        return updated;
    }
}
