namespace TokenGate.Core.Screening;

/// <summary>Whether a flagged or blocked prompt's text is kept for human review (a per-tenant privacy choice).</summary>
public enum ReviewSampleMode
{
    /// <summary>Nothing is kept: no review incident is opened from inline screening.</summary>
    Off,

    /// <summary>A review incident carries the prompt with personal data and secrets redacted, truncated (default).</summary>
    Redacted,
}
