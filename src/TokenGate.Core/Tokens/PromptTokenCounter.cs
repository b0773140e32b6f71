using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Adds up prompt tokens the way OpenAI's cookbook counts them: 3 per message, every string field
/// of a message tokenized, +1 for a name, 3 to prime the reply; tool definitions by the cookbook's
/// function formula; images by their detail.
/// </summary>
internal sealed class PromptTokenCounter(ModelTokenizer tokenizer, string? model)
{
    public const int TokensPerMessage = 3;
    public const int TokensPerName = 1;
    public const int ReplyPrimingTokens = 3;
    public const int TokensPerToolCall = 3;
    private const int PropertiesInit = 3;
    private const int PropertyKey = 3;
    private const int EnumInit = -3;
    private const int EnumItem = 3;
    private const int FunctionsEnd = 12;

    private bool _anyFunction;

    public ModelTokenizer Tokenizer => tokenizer;

    public long Total { get; private set; }

    public void Add(int tokens) => Total += tokens;

    public void AddText(string? text) => Total += tokenizer.Count(text);

    public void AddMessage() => Total += TokensPerMessage;

    public void AddName(string? name) => Total += tokenizer.Count(name) + TokensPerName;

    public void AddReplyPriming() => Total += ReplyPrimingTokens;

    public void AddToolCall(string? name, string? arguments) =>
        Total += TokensPerToolCall + tokenizer.Count(name) + tokenizer.Count(arguments);

    public void AddImage(string? url, string? detail)
    {
        int? width = null, height = null;
        if (!string.Equals(detail, "low", StringComparison.OrdinalIgnoreCase) && ImageSizeSniffer.TryGetSize(url, out var w, out var h))
        {
            width = w;
            height = h;
        }

        Total += ImageTokenEstimator.Estimate(detail, width, height, model);
    }

    /// <summary>Anything with no published formula: its JSON text, which over-counts a little.</summary>
    public void AddRaw(JsonElement element) => Total += tokenizer.Count(element.GetRawText());

    /// <summary>One function definition (name, description, parameters) by the cookbook formula.</summary>
    public void AddFunction(string name, string? description, JsonElement? parameters)
    {
        _anyFunction = true;
        Total += tokenizer.FunctionInitTokens;
        Total += tokenizer.Count(name + ":" + TrimDot(description));
        if (parameters is not { ValueKind: JsonValueKind.Object } p
            || !p.TryGetProperty("properties", out var props)
            || props.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var any = false;
        foreach (var prop in props.EnumerateObject())
        {
            if (!any)
            {
                Total += PropertiesInit;
                any = true;
            }

            Total += PropertyKey;
            var schema = prop.Value;
            if (schema.ValueKind != JsonValueKind.Object)
            {
                Total += tokenizer.Count(prop.Name) + tokenizer.Count(schema.GetRawText());
                continue;
            }

            string? type = null, desc = null;
            foreach (var field in schema.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "type":
                        type = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                        break;
                    case "description" when field.Value.ValueKind == JsonValueKind.String:
                        desc = field.Value.GetString();
                        break;
                    case "enum" when field.Value.ValueKind == JsonValueKind.Array:
                        Total += EnumInit;
                        foreach (var item in field.Value.EnumerateArray())
                        {
                            Total += EnumItem + tokenizer.Count(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText());
                        }

                        break;
                    case "properties" or "items" or "anyOf" or "oneOf" or "allOf" or "$ref" or "additionalProperties" or "required":
                        // Nested schemas have no published formula: count their JSON text (over-counts, safe for a reservation).
                        Total += tokenizer.Count(field.Value.GetRawText());
                        break;
                }
            }

            Total += tokenizer.Count(prop.Name + ":" + type + ":" + TrimDot(desc));
        }
    }

    /// <summary>Closes the tool block (12 tokens once when any function was defined).</summary>
    public void CompleteFunctions()
    {
        if (_anyFunction)
        {
            Total += FunctionsEnd;
            _anyFunction = false;
        }
    }

    private static string TrimDot(string? s) =>
        s is null ? string.Empty : s.EndsWith('.') ? s[..^1] : s;
}
