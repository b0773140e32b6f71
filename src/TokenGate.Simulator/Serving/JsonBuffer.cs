using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace TokenGate.Simulator.Serving;

/// <summary>
/// A per-thread reusable JSON buffer: fill it and copy it into the response pipe without awaiting in between,
/// so no body is allocated per request.
/// </summary>
internal sealed class JsonBuffer
{
    [ThreadStatic]
    private static JsonBuffer? t_current;

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;

    private JsonBuffer() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Starts a new document on this thread's buffer.</summary>
    public static Utf8JsonWriter Begin(out JsonBuffer buffer)
    {
        buffer = t_current ??= new JsonBuffer();
        if (buffer._buffer.Capacity > 1024 * 1024)
        {
            buffer = t_current = new JsonBuffer();
        }

        buffer._buffer.ResetWrittenCount();
        buffer._writer.Reset(buffer._buffer);
        return buffer._writer;
    }

    /// <summary>Flushes the writer and copies <c>prefix + json + suffix</c> into <paramref name="pipe"/> (no flush to the network).</summary>
    public void CopyTo(PipeWriter pipe, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix)
    {
        _writer.Flush();
        pipe.Write(prefix);
        pipe.Write(_buffer.WrittenSpan);
        pipe.Write(suffix);
    }

    public int Flush()
    {
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
