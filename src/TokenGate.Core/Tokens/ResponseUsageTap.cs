using System.Buffers;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Watches an upstream response body as it streams through, chunk by chunk, with arbitrary chunk
/// boundaries: picks up the reported usage (JSON body or the final SSE usage chunk) and, for
/// streams, estimates completion tokens from the content when no usage arrives. For event streams
/// it can drop the usage-only chunk that TokenGate asked for when the client did not.
/// </summary>
public abstract class ResponseUsageTap
{
    /// <summary>Observes <paramref name="upstream"/> and writes what the client should get to <paramref name="toClient"/>.</summary>
    public abstract void Process(ReadOnlySpan<byte> upstream, IBufferWriter<byte> toClient);

    /// <summary>End of the upstream body: flushes anything held back.</summary>
    public abstract void Complete(IBufferWriter<byte> toClient);

    /// <summary>Usage reported by upstream, once seen.</summary>
    public abstract TokenUsage? ReportedUsage { get; }

    /// <summary>Completion tokens estimated from streamed content so far (for cut streams).</summary>
    public abstract int EstimatedCompletionTokens { get; }

    /// <summary>True when the client gets exactly the upstream bytes, so upstream's <c>Content-Length</c> still holds.</summary>
    public virtual bool PassesBytesThrough => false;

    /// <summary>
    /// A tap for a non-streaming JSON response: bytes pass straight through; the top-level <c>usage</c>
    /// object (chat, completions, embeddings or Responses dialect) is read on the way.
    /// <see cref="EstimatedCompletionTokens"/> is always 0.
    /// </summary>
    /// <param name="model">The model the call was for.</param>
    public static ResponseUsageTap ForJson(string? model) => new JsonUsageTap(model);

    /// <summary>
    /// A tap for a <c>text/event-stream</c> response (chat, completions or Responses API events).
    /// </summary>
    /// <param name="model">The model the call was for.</param>
    /// <param name="stripUsageOnlyChunk">
    /// True when TokenGate added <c>stream_options.include_usage</c> and the client did not ask for it:
    /// the usage-only chunk (<c>"choices":[]</c> plus <c>usage</c>) and its blank line are removed.
    /// </param>
    public static ResponseUsageTap ForEventStream(string? model, bool stripUsageOnlyChunk) =>
        new EventStreamUsageTap(model, stripUsageOnlyChunk);
}
