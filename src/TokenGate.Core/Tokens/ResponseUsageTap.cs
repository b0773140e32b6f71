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
}
