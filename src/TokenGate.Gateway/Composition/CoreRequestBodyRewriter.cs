using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGate.Core.Tokens;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// The body forwarded upstream: PII redaction (when the tenant's policy says so) replaces each
/// user text that changed wherever it stands in the body, then Core's <see cref="RequestRewriter"/>
/// adds the stream usage request and the plan's output cap with minimal byte edits.
/// </summary>
internal sealed class CoreRequestBodyRewriter : IRequestBodyRewriter
{
    public ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> utf8Body, RequestFacts facts, int? injectMaxOutputTokens, IReadOnlyList<string>? redactedTexts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var body = redactedTexts is null ? utf8Body : Redact(utf8Body, facts.UserTexts, redactedTexts);
        return RequestRewriter.Rewrite(body, facts, injectMaxOutputTokens);
    }

    private static ReadOnlyMemory<byte> Redact(ReadOnlyMemory<byte> utf8Body, IReadOnlyList<string> original, IReadOnlyList<string> redacted)
    {
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < original.Count && i < redacted.Count; i++)
        {
            if (!string.Equals(original[i], redacted[i], StringComparison.Ordinal))
            {
                replacements[original[i]] = redacted[i];
            }
        }

        if (replacements.Count == 0 || JsonNode.Parse(utf8Body.Span) is not { } root)
        {
            return utf8Body;
        }

        Replace(root, replacements);
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static void Replace(JsonNode node, Dictionary<string, string> replacements)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        Replace(child, replacements);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    if (child is not null)
                    {
                        Replace(child, replacements);
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && replacements.TryGetValue(text, out var replacement):
                value.ReplaceWith(JsonValue.Create(replacement));
                break;
        }
    }
}
