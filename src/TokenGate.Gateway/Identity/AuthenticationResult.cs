using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Identity;

/// <summary>Either a caller or the error to answer with; <see cref="KeyId"/> names the key a failure was against, if any.</summary>
public sealed record AuthenticationResult(CallerIdentity? Caller, OpenAIError? Error, string? KeyId)
{
    public bool Succeeded => Caller is not null;

    /// <summary>True when the caller was refused by the per-IP throttle, before any lookup.</summary>
    public bool Throttled { get; init; }
}
