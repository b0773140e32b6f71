using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Creates the tap a response body streams through (the seam for Core's ResponseUsageTap factories).</summary>
public interface IUsageTapFactory
{
    /// <summary>A tap for a JSON response body.</summary>
    ResponseUsageTap ForJson(string model);

    /// <summary>A tap for a <c>text/event-stream</c> body; drops the usage-only chunk when <paramref name="stripUsageOnlyChunk"/>.</summary>
    ResponseUsageTap ForEventStream(string model, bool stripUsageOnlyChunk);
}
