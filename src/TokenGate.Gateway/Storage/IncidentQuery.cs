namespace TokenGate.Gateway.Storage;

/// <summary>Filters for <see cref="IIncidentStore.ListAsync"/>; null = any.</summary>
public sealed record IncidentQuery
{
    public IncidentStatus? Status { get; init; }
    public string? TenantId { get; init; }
    public string? Detector { get; init; }
    /// <summary>At most this many, newest first. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
