namespace TokenGate.Core.Screening;

/// <summary>Per-tenant screening thresholds and PII handling.</summary>
public sealed record ScreeningPolicy
{
    /// <summary>Score (0..1) at or above which a request is let through and an incident is raised.</summary>
    public double FlagThreshold { get; init; } = 0.5;
    /// <summary>Score (0..1) at or above which a request is refused with 403.</summary>
    public double BlockThreshold { get; init; } = 0.9;
    public PiiAction Pii { get; init; } = PiiAction.Flag;
    /// <summary>Whether flagged or blocked prompts are kept, redacted, as review incidents (default <see cref="ReviewSampleMode.Redacted"/>).</summary>
    public ReviewSampleMode ReviewSamples { get; init; } = ReviewSampleMode.Redacted;
}
