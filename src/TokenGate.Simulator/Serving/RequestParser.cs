using System.Buffers;
using System.Text.Json;

namespace TokenGate.Simulator.Serving;

/// <summary>Single forward pass over the request body with <see cref="Utf8JsonReader"/>: no DOM, no strings for prompt text.</summary>
internal static class RequestParser
{
    /// <summary>Parses <paramref name="body"/>; returns an error message (and the offending parameter) when it is not a usable request.</summary>
    public static string? TryParse(ReadOnlySequence<byte> body, ApiKind kind, SimRequest request, out string? param)
    {
        param = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The request body must be a JSON object.";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                param = name;
                switch (name)
                {
                    case "model" when reader.TokenType == JsonTokenType.String:
                        request.Model = reader.GetString();
                        break;
                    case "stream" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        request.Stream = reader.GetBoolean();
                        break;
                    case "stream_options" when reader.TokenType == JsonTokenType.StartObject:
                        ReadStreamOptions(ref reader, request);
                        break;
                    case "n" when reader.TokenType == JsonTokenType.Number:
                        request.N = reader.GetInt32();
                        if (request.N is < 1 or > 128)
                        {
                            return "n must be between 1 and 128.";
                        }

                        break;
                    case "max_tokens" or "max_completion_tokens" or "max_output_tokens" when reader.TokenType == JsonTokenType.Number:
                        var max = reader.GetInt32();
                        if (max < 0)
                        {
                            return $"{name} must not be negative.";
                        }

                        request.MaxTokens ??= max;
                        break;
                    case "dimensions" when reader.TokenType == JsonTokenType.Number:
                        request.Dimensions = reader.GetInt32();
                        if (request.Dimensions is < 1 or > 16_384)
                        {
                            return "dimensions must be between 1 and 16384.";
                        }

                        break;
                    case "encoding_format" when reader.TokenType == JsonTokenType.String:
                        request.Base64 = reader.ValueTextEquals("base64"u8);
                        break;
                    case "input" when kind == ApiKind.Embeddings:
                        request.HasPrompt = true;
                        ReadEmbeddingInputs(ref reader, request);
                        break;
                    case "messages" or "prompt" or "input" or "instructions":
                        request.HasPrompt |= name != "instructions";
                        CountText(ref reader, request);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            param = null;
            return request.HasPrompt ? null : MissingPrompt(kind, out param);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            param = null;
            return "The request body is not valid JSON.";
        }
    }

    private static string MissingPrompt(ApiKind kind, out string param)
    {
        param = kind switch
        {
            ApiKind.ChatCompletions => "messages",
            ApiKind.Completions => "prompt",
            _ => "input",
        };
        return $"Missing required parameter: '{param}'.";
    }

    private static void ReadStreamOptions(ref Utf8JsonReader reader, SimRequest request)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("include_usage"u8))
            {
                reader.Read();
                request.IncludeUsage = reader.TokenType == JsonTokenType.True;
            }
        }
    }

    /// <summary>Adds every text string under the current value, except structural ones (role, type, name, ids), and counts token ids.</summary>
    private static void CountText(ref Utf8JsonReader reader, SimRequest request)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            AddScalar(ref reader, request, skip: false);
            return;
        }

        var depth = reader.CurrentDepth;
        var skipNext = false;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                skipNext = reader.ValueTextEquals("role"u8) || reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("name"u8)
                    || reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("tool_call_id"u8) || reader.ValueTextEquals("call_id"u8);
                continue;
            }

            AddScalar(ref reader, request, skipNext);
            skipNext = false;
        }
    }

    private static void AddScalar(ref Utf8JsonReader reader, SimRequest request, bool skip)
    {
        if (skip)
        {
            return;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var (bytes, hash) = HashString(ref reader, request.PromptHash);
            request.PromptBytes += bytes;
            request.PromptHash = hash;
        }
        else if (reader.TokenType == JsonTokenType.Number)
        {
            request.PromptTokenIds++;
            request.PromptHash = TextHash.Append(request.PromptHash, reader.GetInt64());
        }
    }

    private static void ReadEmbeddingInputs(ref Utf8JsonReader reader, SimRequest request)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            AddInput(HashString(ref reader, TextHash.Offset), request);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException();
        }

        var depth = reader.CurrentDepth;
        int ids = 0;
        var idHash = TextHash.Offset;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    AddInput(HashString(ref reader, TextHash.Offset), request);
                    break;
                case JsonTokenType.Number:
                    ids++;
                    idHash = TextHash.Append(idHash, reader.GetInt64());
                    break;
                case JsonTokenType.StartArray:
                    int inner = 0;
                    var innerHash = TextHash.Offset;
                    while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        inner++;
                        innerHash = TextHash.Append(innerHash, reader.GetInt64());
                    }

                    request.Inputs.Add((inner, innerHash));
                    break;
                default:
                    throw new FormatException();
            }
        }

        if (ids > 0)
        {
            request.Inputs.Add((ids, idHash));
        }
    }

    private static void AddInput((long Bytes, ulong Hash) text, SimRequest request) =>
        request.Inputs.Add(((int)Math.Min(int.MaxValue, (text.Bytes + 3) / 4), text.Hash));

    private static (long Bytes, ulong Hash) HashString(ref Utf8JsonReader reader, ulong hash)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return (reader.ValueSpan.Length, TextHash.Append(hash, reader.ValueSpan));
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(buffer);
            return (written, TextHash.Append(hash, buffer.AsSpan(0, written)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
