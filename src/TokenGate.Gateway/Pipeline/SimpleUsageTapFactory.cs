using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Taps with a character-based estimate; the lead replaces them with Core's ResponseUsageTap factories.</summary>
internal sealed class SimpleUsageTapFactory : IUsageTapFactory
{
    public ResponseUsageTap ForJson(string model) => new JsonBodyUsageTap();

    public ResponseUsageTap ForEventStream(string model, bool stripUsageOnlyChunk) => new EventStreamUsageTap(stripUsageOnlyChunk);
}
