using System.Text.Json;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// A System.Text.Json reader with a crude token estimate (4 characters per token plus per-message
/// overhead). The lead replaces it with Core's RequestInspector (real tokenizers).
/// </summary>
internal sealed class SimpleRequestReader : IRequestReader
{
    public RequestReadResult Read(ReadOnlySpan<byte> utf8Body, EndpointKind kind, string modelHint, int maxDepth)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Body, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                return RequestReadResult.Invalid("The request body is empty.");
            }

            document = parsed;
        }
        catch (JsonException ex) when (ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return RequestReadResult.Invalid($"The request body is nested deeper than {maxDepth} levels.");
        }
        catch (JsonException)
        {
            return RequestReadResult.Invalid("The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RequestReadResult.Invalid("The request body must be a JSON object.");
            }

            var texts = new List<string>();
            var characters = 0;
            var error = JsonRequestFields.VisitTexts(root, kind, e =>
            {
                var text = e.GetString() ?? string.Empty;
                texts.Add(text);
                characters += text.Length;
            });
            if (error is { } e)
            {
                return RequestReadResult.Invalid(e.Message, e.Param);
            }

            string? model = null;
            if (root.TryGetProperty("model", out var modelElement))
            {
                if (modelElement.ValueKind != JsonValueKind.String)
                {
                    return RequestReadResult.Invalid("'model' must be a string.", "model");
                }

                model = modelElement.GetString();
            }

            int? maxOutput = null;
            foreach (var name in (string[])["max_tokens", "max_completion_tokens", "max_output_tokens"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var parsedMax) || parsedMax < 1)
                    {
                        return RequestReadResult.Invalid($"'{name}' must be a positive integer.", name);
                    }

                    maxOutput = maxOutput is null ? parsedMax : Math.Min(maxOutput.Value, parsedMax);
                }
            }

            var choices = 1;
            if (root.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out choices) || choices is < 1 or > 128)
                {
                    return RequestReadResult.Invalid("'n' must be an integer between 1 and 128.", "n");
                }
            }

            var stream = false;
            if (root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind != JsonValueKind.Null)
            {
                if (streamElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return RequestReadResult.Invalid("'stream' must be a boolean.", "stream");
                }

                stream = streamElement.GetBoolean();
            }

            var clientUsage = false;
            if (root.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
            {
                if (options.ValueKind != JsonValueKind.Object)
                {
                    return RequestReadResult.Invalid("'stream_options' must be an object.", "stream_options");
                }

                clientUsage = options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
            }

            return RequestReadResult.Valid(new RequestFacts
            {
                Kind = kind,
                Model = model,
                MaxOutputTokens = maxOutput,
                Choices = choices,
                Stream = stream,
                ClientRequestedStreamUsage = clientUsage,
                UserTexts = texts,
                PromptTokens = EstimateTokens(characters, texts.Count, kind),
                PromptTokensApproximate = true,
            });
        }
    }

    internal static int EstimateTokens(int characters, int parts, EndpointKind kind) =>
        (characters + 3) / 4 + (kind == EndpointKind.ChatCompletions ? 3 + 4 * parts : 0);
}
