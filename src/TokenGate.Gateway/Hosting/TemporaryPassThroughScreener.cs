using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Hosting;

/// <summary>Stand-in until the abuse engineer's screener is merged: allows everything (the lead deletes this).</summary>
internal sealed class TemporaryPassThroughScreener : IPromptScreener
{
    public ScreeningResult Screen(IReadOnlyList<string> userTexts, ScreeningPolicy policy) => ScreeningResult.Clean;
}
