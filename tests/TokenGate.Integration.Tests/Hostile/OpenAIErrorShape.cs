using System.Text.Json;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>Checks a response is a client error in the OpenAI shape {"error":{"message","type","param","code"}}.</summary>
public static class OpenAIErrorShape
{
    /// <summary>Returns null when the response is a well-formed OpenAI 4xx, else what is wrong with it.</summary>
    public static string? Problem(int status, string method, byte[] body)
    {
        if (status is < 400 or > 499)
        {
            return $"status {status}";
        }

        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return "no error object";
            }

            if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || message.GetString()!.Length == 0)
            {
                return "no error.message";
            }

            if (!error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return "no error.type";
            }

            if (!error.TryGetProperty("param", out var param) || param.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return "no error.param";
            }

            if (!error.TryGetProperty("code", out var code) || code.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return "no error.code";
            }

            return null;
        }
        catch (JsonException)
        {
            return "body is not JSON: " + System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)));
        }
    }
}
