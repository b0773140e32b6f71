namespace TokenGate.Gateway.Storage;

/// <summary>An item in the abuse review queue.</summary>
public sealed record Incident
{
    public required string Id { get; init; }
    /// <summary>
    /// Caller-chosen key that identifies "the same incident" (e.g. detector + user + window); creating
    /// an incident whose key exists returns the existing one.
    /// </summary>
    public required string DedupeKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    /// <summary>Name of the detector that raised it.</summary>
    public required string Detector { get; init; }
    public IncidentSeverity Severity { get; init; } = IncidentSeverity.Medium;
    public IncidentStatus Status { get; init; } = IncidentStatus.Open;
    /// <summary>What a reviewer reads first; never raw secrets.</summary>
    public required string Summary { get; init; }
    /// <summary>Evidence as a JSON document (scores, counts, fingerprints).</summary>
    public string EvidenceJson { get; init; } = "{}";
    /// <summary>
    /// The text a reviewer judges (a screened prompt, PII and secrets already redacted, truncated), or null
    /// when the incident carries none. Admins only; becomes the labelled example of the verdict.
    /// </summary>
    public string? ReviewText { get; init; }
    public string? ReviewerNote { get; init; }
    /// <summary>Who gave the verdict (null on rows written before the column existed, whose note may start with "reviewer: ").</summary>
    public string? Reviewer { get; init; }
    public DateTimeOffset? VerdictAt { get; init; }
}
