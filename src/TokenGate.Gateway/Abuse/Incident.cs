using TokenGate.Core.Detection;

namespace TokenGate.Gateway.Abuse;

/// <summary>
/// A finding queued for review. <see cref="Id"/> is derived from the finding's deduplication key, so
/// the same finding always maps to the same incident. Evidence holds counts and baselines, never prompt text;
/// only <see cref="ReviewText"/> (inline-screening incidents) holds text, redacted.
/// </summary>
public sealed record Incident
{
    public required string Id { get; init; }
    public required string DeduplicationKey { get; init; }
    public required string Detector { get; init; }
    public required string SubjectKind { get; init; }
    public required string Subject { get; init; }
    public string? TenantId { get; init; }
    public string? UserId { get; init; }
    public required FindingSeverity Severity { get; init; }
    public required double Score { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public IReadOnlyDictionary<string, string> Evidence { get; init; } = new Dictionary<string, string>();
    public IncidentStatus Status { get; init; } = IncidentStatus.Open;
    /// <summary>Set when the user was blocked automatically (high confidence).</summary>
    public DateTimeOffset? BlockedUntil { get; init; }
    /// <summary>The prompt a reviewer judges (PII and secrets redacted, truncated); null for behavioural findings. Becomes the verdict's labelled example.</summary>
    public string? ReviewText { get; init; }
    public string? ReviewNote { get; init; }
    public string? Reviewer { get; init; }
    public DateTimeOffset? ReviewedAt { get; init; }
}
