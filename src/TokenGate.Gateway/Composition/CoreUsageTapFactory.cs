using TokenGate.Core.Tokens;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Composition;

/// <summary>The pipeline's response taps from Core's <see cref="ResponseUsageTap"/> factories.</summary>
internal sealed class CoreUsageTapFactory : IUsageTapFactory
{
    public ResponseUsageTap ForJson(string model) => ResponseUsageTap.ForJson(model);

    public ResponseUsageTap ForEventStream(string model, bool stripUsageOnlyChunk) => ResponseUsageTap.ForEventStream(model, stripUsageOnlyChunk);
}
