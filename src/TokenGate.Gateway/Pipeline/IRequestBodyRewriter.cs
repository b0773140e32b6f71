using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Produces the body to forward upstream (the seam for Core's RequestRewriter).</summary>
public interface IRequestBodyRewriter
{
    /// <summary>
    /// Returns the body to forward: with <c>stream_options.include_usage</c> when streaming, the output cap
    /// injected when <paramref name="injectMaxOutputTokens"/> is set, and user texts replaced by
    /// <paramref name="redactedTexts"/> (same order as <see cref="RequestFacts.UserTexts"/>) when given.
    /// Returns the original bytes when nothing needs to change.
    /// </summary>
    ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> utf8Body, RequestFacts facts, int? injectMaxOutputTokens, IReadOnlyList<string>? redactedTexts);
}
