using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Reads the facts the pipeline needs from a request body (the seam for Core's RequestInspector).</summary>
public interface IRequestReader
{
    /// <summary>Never throws on bad input: an invalid body gives <see cref="RequestReadResult.Invalid"/>.</summary>
    RequestReadResult Read(ReadOnlySpan<byte> utf8Body, EndpointKind kind, string modelHint, int maxDepth);
}
