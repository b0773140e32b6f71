using System.Buffers;
using TokenGate.Core.Admission;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Passes a non-streaming JSON response through unchanged while a small state machine watches for the
/// top-level <c>"usage"</c> object, copying only that object (bounded) aside to parse it.
/// </summary>
internal sealed class JsonUsageTap(string? model) : ResponseUsageTap
{
    private const int MaxUsageBytes = 16 * 1024;
    private const int InitialCaptureBytes = 512;
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);

    private readonly byte[] _key = new byte[8];
    private int _keyLength;
    private int _depth;
    private bool _inString;
    private bool _escape;
    private Expect _expect;
    private byte[]? _capture;
    private int _captureLength;
    private bool _capturing;
    private TokenUsage? _usage;

    private enum Expect
    {
        Nothing,
        ColonAfterKey,
        UsageValue,
    }

    /// <summary>The model the call was for.</summary>
    public string? Model { get; } = model;

    /// <inheritdoc />
    public override TokenUsage? ReportedUsage => _usage;

    /// <inheritdoc />
    public override int EstimatedCompletionTokens => 0;

    /// <inheritdoc />
    public override bool PassesBytesThrough => true;

    /// <inheritdoc />
    public override void Process(ReadOnlySpan<byte> upstream, IBufferWriter<byte> toClient)
    {
        ArgumentNullException.ThrowIfNull(toClient);
        if (!upstream.IsEmpty)
        {
            toClient.Write(upstream);
            Scan(upstream);
        }
    }

    /// <inheritdoc />
    public override void Complete(IBufferWriter<byte> toClient)
    {
        // Nothing is held back: every byte was written as it came.
    }

    private void Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_inString && !_escape && !(_depth == 1 && !_capturing))
            {
                // Inside a string nobody needs the bytes of: jump to the next quote or backslash.
                var next = data[i..].IndexOfAny(StringStops);
                var run = next < 0 ? data.Length - i : next;
                Capture(data.Slice(i, run));
                i += run;
                if (next < 0)
                {
                    return;
                }
            }

            var b = data[i++];
            Capture(new ReadOnlySpan<byte>(in b));
            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                    KeyByte(b);
                }
                else if (b == '\\')
                {
                    _escape = true;
                }
                else if (b == '"')
                {
                    _inString = false;
                    if (_depth == 1 && !_capturing)
                    {
                        _expect = Expect.ColonAfterKey;
                    }
                }
                else
                {
                    KeyByte(b);
                }

                continue;
            }

            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                continue;
            }

            var expect = _expect;
            _expect = Expect.Nothing;
            if (expect == Expect.ColonAfterKey && b == ':' && _keyLength == 5 && _key.AsSpan(0, 5).SequenceEqual("usage"u8))
            {
                _expect = Expect.UsageValue;
                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    _keyLength = 0;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    if (expect == Expect.UsageValue && b == '{')
                    {
                        // A usage object is ~150 bytes: start small and grow up to MaxUsageBytes (16 KB per call was most of the gateway's allocation).
                        _capture ??= new byte[InitialCaptureBytes];
                        _capture[0] = b;
                        _captureLength = 1;
                        _capturing = true;
                    }

                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    if (_capturing && _depth == 1)
                    {
                        _capturing = false;
                        if (UsageJson.TryParse(_capture.AsSpan(0, _captureLength), out var usage))
                        {
                            _usage = usage;
                        }
                    }

                    break;
            }
        }
    }

    private void KeyByte(byte b)
    {
        if (_keyLength < _key.Length)
        {
            _key[_keyLength] = b;
        }

        _keyLength++;
    }

    private void Capture(ReadOnlySpan<byte> bytes)
    {
        if (!_capturing)
        {
            return;
        }

        if (_captureLength + bytes.Length > MaxUsageBytes)
        {
            // A usage object this large is not one; stop collecting it.
            _capturing = false;
            return;
        }

        if (_captureLength + bytes.Length > _capture!.Length)
        {
            Array.Resize(ref _capture, Math.Min(MaxUsageBytes, Math.Max(_capture.Length * 2, _captureLength + bytes.Length)));
        }

        bytes.CopyTo(_capture.AsSpan(_captureLength));
        _captureLength += bytes.Length;
    }
}
