using System.Buffers;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Server-sent events tap: splits the stream into lines across arbitrary chunk boundaries, passes
/// complete lines through in runs, reads usage from the event that carries it, measures content
/// deltas, and can drop the usage-only chunk (<c>"choices":[]</c> plus usage) with its blank line.
/// Only an unfinished line is held back between chunks.
/// </summary>
internal sealed class EventStreamUsageTap(string? model, bool stripUsageOnlyChunk) : ResponseUsageTap
{
    /// <summary>Longest line held back for inspection; longer lines pass through uninspected.</summary>
    internal const int MaxHeldLine = 1024 * 1024;

    private byte[]? _carry;
    private int _carryLength;
    private bool _passingLongLine;
    private bool _dropNextBlank;
    private readonly DeltaMeter _meter = new();
    private TokenUsage? _usage;

    /// <summary>The model the call was for.</summary>
    public string? Model { get; } = model;

    /// <summary>How many usage-only chunks were removed.</summary>
    public int StrippedChunks { get; private set; }

    /// <inheritdoc />
    public override TokenUsage? ReportedUsage => _usage;

    /// <inheritdoc />
    public override int EstimatedCompletionTokens => _meter.EstimatedTokens;

    /// <inheritdoc />
    public override void Process(ReadOnlySpan<byte> upstream, IBufferWriter<byte> toClient)
    {
        ArgumentNullException.ThrowIfNull(toClient);
        var pos = 0;
        if (_carryLength > 0 || _passingLongLine)
        {
            var nl = upstream.IndexOf((byte)'\n');
            if (nl < 0)
            {
                Hold(upstream, toClient);
                return;
            }

            var head = upstream[..(nl + 1)];
            if (_passingLongLine)
            {
                toClient.Write(head);
                _passingLongLine = false;
            }
            else
            {
                Append(head);
                var line = _carry.AsSpan(0, _carryLength);
                if (Inspect(line))
                {
                    toClient.Write(line);
                }

                _carryLength = 0;
            }

            pos = nl + 1;
        }

        var runStart = pos;
        while (pos < upstream.Length)
        {
            var nl = upstream[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            var end = pos + nl + 1;
            if (!Inspect(upstream[pos..end]))
            {
                WriteRun(upstream[runStart..pos], toClient);
                runStart = end;
            }

            pos = end;
        }

        WriteRun(upstream[runStart..pos], toClient);
        if (pos < upstream.Length)
        {
            Hold(upstream[pos..], toClient);
        }
    }

    /// <inheritdoc />
    public override void Complete(IBufferWriter<byte> toClient)
    {
        ArgumentNullException.ThrowIfNull(toClient);
        if (_carryLength > 0)
        {
            var line = _carry.AsSpan(0, _carryLength);
            if (Inspect(line))
            {
                toClient.Write(line);
            }

            _carryLength = 0;
        }

        _passingLongLine = false;
        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }
    }

    private static void WriteRun(ReadOnlySpan<byte> run, IBufferWriter<byte> toClient)
    {
        if (!run.IsEmpty)
        {
            toClient.Write(run);
        }
    }

    /// <summary>Keeps an unfinished line; one too long to be a usage chunk is let through instead.</summary>
    private void Hold(ReadOnlySpan<byte> partial, IBufferWriter<byte> toClient)
    {
        if (_passingLongLine)
        {
            toClient.Write(partial);
            return;
        }

        if (_carryLength + partial.Length > MaxHeldLine)
        {
            toClient.Write(_carry.AsSpan(0, _carryLength));
            toClient.Write(partial);
            _carryLength = 0;
            _passingLongLine = true;
            return;
        }

        Append(partial);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _carryLength + bytes.Length;
        if (_carry is null || _carry.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
            if (_carry is not null)
            {
                _carry.AsSpan(0, _carryLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_carry);
            }

            _carry = bigger;
        }

        bytes.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength = needed;
    }

    /// <summary>Looks at one line (with its line ending, if any); false drops it.</summary>
    private bool Inspect(ReadOnlySpan<byte> line)
    {
        var content = line;
        if (content.Length > 0 && content[^1] == '\n')
        {
            content = content[..^1];
        }

        if (content.Length > 0 && content[^1] == '\r')
        {
            content = content[..^1];
        }

        if (content.IsEmpty)
        {
            if (_dropNextBlank)
            {
                _dropNextBlank = false;
                return false;
            }

            return true;
        }

        _dropNextBlank = false;
        if (!content.StartsWith("data:"u8))
        {
            return true;
        }

        var payload = content[5..];
        if (payload.Length > 0 && payload[0] == ' ')
        {
            payload = payload[1..];
        }

        if (payload.IsEmpty || payload[0] != '{')
        {
            return true;
        }

        _meter.Measure(payload);
        if (!SseJson.HasUsageObject(payload) || !UsageJson.TryFind(payload, out var usage))
        {
            return true;
        }

        _usage = usage;
        if (stripUsageOnlyChunk && SseJson.IsUsageOnlyChunk(payload))
        {
            _dropNextBlank = true;
            StrippedChunks++;
            return false;
        }

        return true;
    }
}
