using System.Buffers;
using System.Text.Json;
using TokenGate.Core.Admission;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// Passes an SSE body through event by event (an event is held until its blank line), reads the usage
/// chunk, estimates completion tokens from deltas, and drops the usage-only chunk when asked to.
/// </summary>
internal sealed class EventStreamUsageTap(bool stripUsageOnlyChunk) : ResponseUsageTap
{
    private readonly ArrayBufferWriter<byte> _pending = new();
    private TokenUsage? _usage;
    private int _contentCharacters;

    public override TokenUsage? ReportedUsage => _usage;

    public override int EstimatedCompletionTokens => (_contentCharacters + 3) / 4;

    public override void Process(ReadOnlySpan<byte> upstream, IBufferWriter<byte> toClient)
    {
        _pending.Write(upstream);
        while (true)
        {
            var span = _pending.WrittenSpan;
            var (end, length) = FindEventEnd(span);
            if (end < 0)
            {
                return;
            }

            var eventBytes = span[..(end + length)];
            if (HandleEvent(eventBytes[..end]))
            {
                toClient.Write(eventBytes);
            }

            var rest = span[(end + length)..].ToArray();
            _pending.Clear();
            _pending.Write(rest);
        }
    }

    public override void Complete(IBufferWriter<byte> toClient)
    {
        if (_pending.WrittenCount > 0 && HandleEvent(_pending.WrittenSpan))
        {
            toClient.Write(_pending.WrittenSpan);
        }

        _pending.Clear();
    }

    private static (int End, int Length) FindEventEnd(ReadOnlySpan<byte> span)
    {
        var lf = span.IndexOf("\n\n"u8);
        var crlf = span.IndexOf("\r\n\r\n"u8);
        return (lf, crlf) switch
        {
            ( < 0, < 0) => (-1, 0),
            ( >= 0, < 0) => (lf, 2),
            ( < 0, >= 0) => (crlf, 4),
            _ => lf < crlf ? (lf, 2) : (crlf, 4),
        };
    }

    /// <summary>Returns false when the event must not reach the client.</summary>
    private bool HandleEvent(ReadOnlySpan<byte> eventBytes)
    {
        var keep = true;
        foreach (var range in eventBytes.Split((byte)'\n'))
        {
            var line = eventBytes[range].TrimEnd((byte)'\r');
            if (!line.StartsWith("data:"u8))
            {
                continue;
            }

            var data = line[5..].TrimStart((byte)' ');
            if (data.SequenceEqual("[DONE]"u8))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(data.ToArray());
                var root = document.RootElement;
                if (UsageJson.FindIn(root) is { } usage)
                {
                    _usage = usage;
                    if (stripUsageOnlyChunk && root.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() == 0)
                    {
                        keep = false;
                    }
                }

                CountContent(root);
            }
            catch (JsonException)
            {
                // A malformed event is passed on as it is.
            }
        }

        return keep;
    }

    private void CountContent(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (root.TryGetProperty("delta", out var responsesDelta) && responsesDelta.ValueKind == JsonValueKind.String)
        {
            _contentCharacters += responsesDelta.GetString()!.Length;
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                _contentCharacters += content.GetString()!.Length;
            }
            else if (choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                _contentCharacters += text.GetString()!.Length;
            }
        }
    }
}
