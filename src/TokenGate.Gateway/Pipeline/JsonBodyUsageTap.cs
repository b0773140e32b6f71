using System.Buffers;
using System.Text.Json;
using TokenGate.Core.Admission;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Passes a JSON body through untouched and reads its <c>usage</c> at the end (keeps at most a bounded copy).</summary>
internal sealed class JsonBodyUsageTap : ResponseUsageTap
{
    private const int MaxKept = 4 * 1024 * 1024;
    private readonly ArrayBufferWriter<byte> _copy = new();
    private bool _overflow;
    private TokenUsage? _usage;
    private int _contentCharacters;

    public override TokenUsage? ReportedUsage => _usage;

    public override int EstimatedCompletionTokens => (_contentCharacters + 3) / 4;

    public override void Process(ReadOnlySpan<byte> upstream, IBufferWriter<byte> toClient)
    {
        toClient.Write(upstream);
        if (_copy.WrittenCount + upstream.Length > MaxKept)
        {
            _overflow = true;
            return;
        }

        _copy.Write(upstream);
    }

    public override void Complete(IBufferWriter<byte> toClient)
    {
        if (_overflow || _copy.WrittenCount == 0)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(_copy.WrittenMemory);
            _usage = UsageJson.FindIn(document.RootElement);
            _contentCharacters = document.RootElement.ValueKind == JsonValueKind.Object ? ContentLength(document.RootElement) : 0;
        }
        catch (JsonException)
        {
            // Not JSON (an upstream error page): no usage to report.
        }
    }

    private static int ContentLength(JsonElement root)
    {
        var total = 0;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    total += content.GetString()!.Length;
                }
                else if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    total += text.GetString()!.Length;
                }
            }
        }

        return total;
    }
}
