using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TokenGate.Core.Protocol;

/// <summary>
/// An error as clients get it: HTTP status, headers and the OpenAI body
/// <c>{"error":{"message","type","param","code", extras…}}</c>. Build one with the factories; the message
/// never contains secrets, stack traces or upstream details. See docs/protocol.md for every status and code.
/// </summary>
public sealed partial class OpenAIError
{
    private const int MaxEchoLength = 200;

    /// <summary>Creates an error; prefer the factories.</summary>
    public OpenAIError(int status, string type, string message, string? code = null, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(message);
        Status = status;
        Type = type;
        Message = message;
        Code = code;
        Param = param;
    }

    /// <summary>HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The body's <c>type</c> (e.g. <c>invalid_request_error</c>, <c>insufficient_quota</c>).</summary>
    public string Type { get; }

    /// <summary>Human-readable message, safe to show the caller.</summary>
    public string Message { get; }

    /// <summary>The body's <c>code</c> (e.g. <c>rate_limit_exceeded</c>); null is written as JSON null.</summary>
    public string? Code { get; }

    /// <summary>The request field at fault, for 400s; null otherwise.</summary>
    public string? Param { get; }

    /// <summary>Extra field <c>tokens_remaining</c>: tokens left in the budget period.</summary>
    public long? TokensRemaining { get; init; }

    /// <summary>Extra field <c>reset_at</c>: when the budget period (or the limit) resets.</summary>
    public DateTimeOffset? ResetAt { get; init; }

    /// <summary>Extra field <c>blocked_until</c>: when an abuse block ends.</summary>
    public DateTimeOffset? BlockedUntil { get; init; }

    /// <summary>Headers to send with the error, as (name, value) pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>400 <c>invalid_request_error</c> about <paramref name="param"/> (the request field at fault).</summary>
    public static OpenAIError InvalidRequest(string message, string? param = null, string? code = null)
        => new(400, ErrorTypes.InvalidRequest, message, code, param);

    /// <summary>401 <c>invalid_api_key</c>. Never echoes the key.</summary>
    public static OpenAIError InvalidApiKey()
        => new(401, ErrorTypes.InvalidRequest, "Incorrect or missing API key. Send a TokenGate key in the 'api-key' header or as 'Authorization: Bearer <key>'.", ErrorCodes.InvalidApiKey);

    /// <summary>403 <c>permission_error</c>.</summary>
    public static OpenAIError Forbidden(string message, string code = ErrorCodes.Forbidden)
        => new(403, ErrorTypes.Permission, message, code) { Headers = [new(ProtocolHeaderNames.ShouldRetry, "false")] };

    /// <summary>404 for a route TokenGate does not serve (method and path are echoed, truncated).</summary>
    public static OpenAIError UnknownRoute(string method, string path)
        => new(404, ErrorTypes.InvalidRequest, $"Unknown route: {Echo(method)} {Echo(path)}.", ErrorCodes.NotFound);

    /// <summary>405 with an <c>allow</c> header listing the accepted methods.</summary>
    public static OpenAIError MethodNotAllowed(string method, params string[] allowed)
        => new(405, ErrorTypes.InvalidRequest, $"Method {Echo(method)} is not allowed on this route.", ErrorCodes.MethodNotAllowed)
        {
            Headers = [new(ProtocolHeaderNames.Allow, string.Join(", ", allowed))],
        };

    /// <summary>413: the body is larger than <paramref name="maxBytes"/> (or nested deeper than allowed).</summary>
    public static OpenAIError TooLarge(long maxBytes)
        => new(413, ErrorTypes.InvalidRequest, string.Create(CultureInfo.InvariantCulture, $"Request body too large: the limit is {maxBytes} bytes."), ErrorCodes.RequestTooLarge);

    /// <summary>429 <c>rate_limit_exceeded</c> with <c>retry-after</c> and <c>retry-after-ms</c>.</summary>
    public static OpenAIError RateLimited(string message, TimeSpan retryAfter, string type = ErrorTypes.Requests)
        => new(429, type, message, ErrorCodes.RateLimitExceeded) { Headers = RetryHeaders(retryAfter) };

    /// <summary>429 <c>insufficient_quota</c> with <c>x-should-retry: false</c> (the SDKs do not retry a closed budget).</summary>
    public static OpenAIError InsufficientQuota(string message, long? tokensRemaining, DateTimeOffset? resetAt)
        => new(429, ErrorTypes.InsufficientQuota, message, ErrorCodes.InsufficientQuota)
        {
            TokensRemaining = tokensRemaining,
            ResetAt = resetAt,
            Headers = [new(ProtocolHeaderNames.ShouldRetry, "false")],
        };

    /// <summary>500 <c>server_error</c>; the message is generic on purpose (details go to the log).</summary>
    public static OpenAIError Internal()
        => new(500, ErrorTypes.Server, "The gateway had an internal error. Please retry; contact the administrator if it persists.", ErrorCodes.InternalError);

    /// <summary>502: the upstream failed or sent something unusable.</summary>
    public static OpenAIError UpstreamError(string message = "The upstream model service returned an invalid response.")
        => new(502, ErrorTypes.Server, message, ErrorCodes.UpstreamError);

    /// <summary>503 with <c>retry-after</c> (and <c>retry-after-ms</c>).</summary>
    public static OpenAIError Unavailable(string message, TimeSpan retryAfter, string code = ErrorCodes.ServiceUnavailable)
        => new(503, ErrorTypes.Server, message, code) { Headers = RetryHeaders(retryAfter) };

    /// <summary>504: the upstream did not answer in time.</summary>
    public static OpenAIError UpstreamTimeout()
        => new(504, ErrorTypes.Server, "The upstream model service did not respond in time.", ErrorCodes.UpstreamTimeout);

    /// <summary>Writes the JSON body.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, Message);
        writer.WriteString("type"u8, Type);
        WriteNullable(writer, "param"u8, Param);
        WriteNullable(writer, "code"u8, Code);
        if (TokensRemaining is { } remaining)
        {
            writer.WriteNumber("tokens_remaining"u8, remaining);
        }

        if (ResetAt is { } reset)
        {
            writer.WriteString("reset_at"u8, HeaderFormat.Instant(reset));
        }

        if (BlockedUntil is { } until)
        {
            writer.WriteString("blocked_until"u8, HeaderFormat.Instant(until));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes the JSON body as UTF-8 into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        WriteTo(writer);
    }

    /// <summary>The JSON body as UTF-8 bytes.</summary>
    public byte[] ToUtf8Bytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON body as a string.</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToUtf8Bytes());

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static KeyValuePair<string, string>[] RetryHeaders(TimeSpan retryAfter)
        => [new(ProtocolHeaderNames.RetryAfter, HeaderFormat.Seconds(retryAfter)), new(ProtocolHeaderNames.RetryAfterMs, HeaderFormat.Milliseconds(retryAfter))];

    // Caller-controlled text is cut short and stripped of control characters before it is echoed.
    private static string Echo(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value.Length > MaxEchoLength ? value[..MaxEchoLength] + "…" : value;
        return string.Create(text.Length, text, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
