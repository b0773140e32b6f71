namespace TokenGate.Core.Plans;

/// <summary>A user of a tenant. JSON shape of <c>PUT /admin/tenants/{tenant}/users/{user}</c>.</summary>
public sealed record UserDefinition
{
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public string? Plan { get; init; }
    public PlanOverrides? Overrides { get; init; }
}
