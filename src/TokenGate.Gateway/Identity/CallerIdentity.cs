namespace TokenGate.Gateway.Identity;

/// <summary>Who is calling: from a TokenGate key (<see cref="KeyId"/> set) or from trusted front-door headers.</summary>
public sealed record CallerIdentity(string TenantId, string UserId, string? KeyId);
