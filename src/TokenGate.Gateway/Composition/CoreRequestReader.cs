using TokenGate.Core.Tokens;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// The pipeline's request reader on Core's <see cref="RequestInspector"/>: on deployment routes the
/// configured model picks the tokenizer; on <c>/openai/v1</c> routes (no model hint) the body's model does.
/// </summary>
internal sealed class CoreRequestReader : IRequestReader
{
    private readonly Dictionary<int, (RequestReadOptions ByBody, RequestReadOptions ByHint)> _options = [];
    private readonly Lock _gate = new();

    public RequestReadResult Read(ReadOnlySpan<byte> utf8Body, EndpointKind kind, string modelHint, int maxDepth)
    {
        var (byBody, byHint) = OptionsFor(maxDepth);
        return string.IsNullOrEmpty(modelHint)
            ? RequestInspector.Read(utf8Body, kind, null, byBody)
            : RequestInspector.Read(utf8Body, kind, modelHint, byHint);
    }

    private (RequestReadOptions ByBody, RequestReadOptions ByHint) OptionsFor(int maxDepth)
    {
        lock (_gate)
        {
            if (!_options.TryGetValue(maxDepth, out var pair))
            {
                var byBody = new RequestReadOptions { MaxDepth = maxDepth, BodyModelWins = true };
                pair = (byBody, byBody.WithBodyModelWins(false));
                _options[maxDepth] = pair;
            }

            return pair;
        }
    }
}
