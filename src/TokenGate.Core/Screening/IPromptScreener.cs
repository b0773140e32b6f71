namespace TokenGate.Core.Screening;

/// <summary>The inline screening hook on the hot path.</summary>
public interface IPromptScreener
{
    /// <param name="userTexts">The user-controlled text of the request (message contents, prompt, input).</param>
    /// <param name="policy">The tenant's policy (thresholds, PII action).</param>
    ScreeningResult Screen(IReadOnlyList<string> userTexts, ScreeningPolicy policy);
}
