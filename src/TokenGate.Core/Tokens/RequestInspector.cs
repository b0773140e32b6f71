using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Reads an OpenAI request body once: validates what TokenGate relies on, collects the user-controlled
/// text for screening and estimates prompt tokens with the model's tokenizer. Pure and thread-safe;
/// never throws on client input — anything malformed is <see cref="RequestReadResult.Invalid"/>.
/// </summary>
public static class RequestInspector
{
    private const string UnpairedSurrogateMessage =
        "The JSON body of your request contains a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800).";

    /// <summary>Reads <paramref name="utf8Body"/> as a request to <paramref name="kind"/>.</summary>
    /// <param name="utf8Body">The raw request body.</param>
    /// <param name="kind">Which operation the route is.</param>
    /// <param name="modelHint">
    /// For Azure deployment routes the deployment's configured model; for <c>/openai/v1</c> routes a fallback
    /// when the body names none (see <see cref="RequestReadOptions.BodyModelWins"/>).
    /// </param>
    /// <param name="options">Limits and defaults; <see cref="RequestReadOptions.Default"/> when null.</param>
    public static RequestReadResult Read(ReadOnlySpan<byte> utf8Body, EndpointKind kind, string? modelHint, RequestReadOptions? options = null)
    {
        options ??= RequestReadOptions.Default;
        if (utf8Body.IsEmpty)
        {
            return RequestReadResult.Invalid("The request body is empty; expected a JSON object.");
        }

        if (!Utf8.IsValid(utf8Body))
        {
            return RequestReadResult.Invalid("The request body is not valid UTF-8.");
        }

        // The same rule for escaped text: a lone surrogate is no more a character as \uXXXX than as raw bytes.
        if (UnicodeEscapes.HasUnpairedSurrogate(utf8Body))
        {
            return RequestReadResult.Invalid(UnpairedSurrogateMessage);
        }

        // JsonDocument needs memory it can hold on to: a pooled copy, returned once the facts are out.
        var buffer = ArrayPool<byte>.Shared.Rent(utf8Body.Length);
        try
        {
            utf8Body.CopyTo(buffer);
            var documentOptions = new JsonDocumentOptions
            {
                MaxDepth = options.MaxDepth,
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            };
            using var document = JsonDocument.Parse(buffer.AsMemory(0, utf8Body.Length), documentOptions);
            return ReadRoot(document.RootElement, kind, modelHint, options);
        }
        catch (JsonException)
        {
            return RequestReadResult.Invalid(
                "We could not parse the JSON body of your request. The body must be a single valid JSON object, without duplicate keys, nested at most "
                + options.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels deep.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RequestReadResult ReadRoot(JsonElement root, EndpointKind kind, string? modelHint, RequestReadOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return RequestReadResult.Invalid("The request body must be a JSON object.");
        }

        string? bodyModel = null;
        if (!BodyReadContext.Absent(root, "model", out var modelElement))
        {
            if (modelElement.ValueKind != JsonValueKind.String)
            {
                return RequestReadResult.Invalid("Invalid type for 'model': expected a string.", "model");
            }

            bodyModel = modelElement.GetString();
        }

        var countedModel = options.BodyModelWins
            ? (string.IsNullOrWhiteSpace(bodyModel) ? modelHint : bodyModel)
            : (string.IsNullOrWhiteSpace(modelHint) ? bodyModel : modelHint);
        var tokenizer = ModelTokenizers.ForModel(countedModel);
        var ctx = new BodyReadContext(new PromptTokenCounter(tokenizer, countedModel), options.MaxMessages);

        if (!ReadCommon(root, kind, ctx, out var common))
        {
            return Invalid(ctx);
        }

        var prompts = 1;
        var ok = kind switch
        {
            EndpointKind.ChatCompletions => ChatBodyReader.Read(root, ctx),
            EndpointKind.Responses => ResponsesBodyReader.Read(root, ctx),
            // A completion without a prompt would run on an empty one: nothing to screen or count, so refused.
            EndpointKind.Completions => BodyReadContext.Absent(root, "prompt", out var prompt)
                ? ctx.Fail("Missing required parameter: 'prompt'.", "prompt")
                : PromptListReader.Read(prompt, "prompt", ctx, out prompts),
            EndpointKind.Embeddings => BodyReadContext.Absent(root, "input", out var input)
                ? ctx.Fail("Missing required parameter: 'input'.", "input")
                : PromptListReader.Read(input, "input", ctx, out prompts),
            _ => ctx.Fail("Unsupported operation.", null),
        };
        if (!ok)
        {
            return Invalid(ctx);
        }

        var multiplier = kind switch
        {
            EndpointKind.Embeddings => 0,
            EndpointKind.Responses => 1,
            EndpointKind.Completions => prompts * Math.Max(common.Choices, common.BestOf),
            _ => common.Choices,
        };
        var reserved = (long)(common.MaxOutputTokens ?? options.DefaultOutputTokens) * multiplier;
        return RequestReadResult.Valid(new RequestFacts
        {
            Kind = kind,
            Model = bodyModel,
            CountedModel = countedModel,
            Encoding = tokenizer.Encoding,
            MaxOutputTokens = common.MaxOutputTokens,
            MaxOutputTokensField = common.MaxOutputTokensField,
            Choices = common.Choices,
            Stream = common.Stream,
            ClientRequestedStreamUsage = common.IncludeUsage,
            UserTexts = ctx.UserTexts,
            PromptTokens = (int)Math.Min(int.MaxValue, ctx.Counter.Total),
            PromptTokensApproximate = tokenizer.IsFallback,
            OutputMultiplier = multiplier,
            ReservedOutputTokens = (int)Math.Min(int.MaxValue, reserved),
        });
    }

    private static bool ReadCommon(JsonElement root, EndpointKind kind, BodyReadContext ctx, out CommonFields common)
    {
        common = default;
        if (!ctx.OptionalBool(root, "stream", out var stream))
        {
            return false;
        }

        var includeUsage = false;
        if (!BodyReadContext.Absent(root, "stream_options", out var streamOptions))
        {
            if (streamOptions.ValueKind != JsonValueKind.Object)
            {
                return ctx.WrongType("stream_options", "an object", streamOptions);
            }

            if (!ctx.OptionalBool(streamOptions, "include_usage", out var usage))
            {
                return false;
            }

            includeUsage = usage == true;
        }

        // Well-typed wherever they appear, even on operations that do not use them: a wrong type is the
        // client's mistake and never goes upstream (whether upstream accepts the field is upstream's call).
        if (!(ctx.OptionalInt(root, "n", 1, 128, out _)
              && ctx.OptionalInt(root, "max_tokens", 1, int.MaxValue, out _)
              && ctx.OptionalInt(root, "max_completion_tokens", 1, int.MaxValue, out _)))
        {
            return false;
        }

        int? n = null, bestOf = null, maxTokens = null, maxCompletion = null, maxOutput = null;
        var ok = kind switch
        {
            EndpointKind.ChatCompletions =>
                ctx.OptionalInt(root, "n", 1, 128, out n)
                && ctx.OptionalInt(root, "max_tokens", 1, int.MaxValue, out maxTokens)
                && ctx.OptionalInt(root, "max_completion_tokens", 1, int.MaxValue, out maxCompletion),
            EndpointKind.Completions =>
                ctx.OptionalInt(root, "n", 1, 128, out n)
                && ctx.OptionalInt(root, "best_of", 1, 128, out bestOf)
                && ctx.OptionalInt(root, "max_tokens", 1, int.MaxValue, out maxTokens),
            EndpointKind.Responses => ctx.OptionalInt(root, "max_output_tokens", 1, int.MaxValue, out maxOutput),
            _ => true,
        };
        if (!ok)
        {
            return false;
        }

        // When a client sends both, upstream honours max_completion_tokens; so do we.
        var (max, field) = maxCompletion is not null ? (maxCompletion, "max_completion_tokens")
            : maxTokens is not null ? (maxTokens, "max_tokens")
            : maxOutput is not null ? (maxOutput, "max_output_tokens")
            : ((int?)null, (string?)null);
        common = new CommonFields(stream == true, includeUsage, n ?? 1, bestOf ?? 1, max, field);
        return true;
    }

    private static RequestReadResult Invalid(BodyReadContext ctx) =>
        RequestReadResult.Invalid(ctx.ErrorMessage ?? "The request body is not valid.", ctx.ErrorParam);

    private readonly record struct CommonFields(bool Stream, bool IncludeUsage, int Choices, int BestOf, int? MaxOutputTokens, string? MaxOutputTokensField);
}
