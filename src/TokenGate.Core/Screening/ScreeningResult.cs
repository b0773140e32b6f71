namespace TokenGate.Core.Screening;

/// <summary>
/// Result of screening a request's user-controlled text. <see cref="Reasons"/> name rules and
/// categories (e.g. "instruction-override", "pii:email"), never the matched text.
/// </summary>
public sealed record ScreeningResult(
    ScreeningVerdict Verdict,
    double InjectionScore,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> PiiKinds)
{
    public static ScreeningResult Clean { get; } = new(ScreeningVerdict.Allow, 0, [], []);

    /// <summary>When PII policy is Redact: the texts to forward instead, in the same order; otherwise null.</summary>
    public IReadOnlyList<string>? RedactedTexts { get; init; }
}
