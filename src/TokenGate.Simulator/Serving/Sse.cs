using System.Buffers;
using System.IO.Pipelines;

namespace TokenGate.Simulator.Serving;

/// <summary>Server-sent events framing.</summary>
internal static class Sse
{
    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    /// <summary>Copies <c>data: {json}\n\n</c> into the pipe.</summary>
    public static void Data(PipeWriter pipe, JsonBuffer json) => json.CopyTo(pipe, "data: "u8, "\n\n"u8);

    /// <summary>Copies <c>event: {name}\ndata: {json}\n\n</c> into the pipe.</summary>
    public static void Event(PipeWriter pipe, ReadOnlySpan<byte> name, JsonBuffer json)
    {
        pipe.Write("event: "u8);
        pipe.Write(name);
        json.CopyTo(pipe, "\ndata: "u8, "\n\n"u8);
    }
}
