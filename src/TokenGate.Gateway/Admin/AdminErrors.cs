using TokenGate.Core.Protocol;

namespace TokenGate.Gateway.Admin;

/// <summary>The errors the admin API answers with, all in the OpenAI shape.</summary>
internal static class AdminErrors
{
    // Deliberately the same body for a missing, malformed, wrong or disabled admin key.
    public static OpenAIError Unauthorized { get; } = new(401, ErrorTypes.InvalidRequest, "Unauthorized.", ErrorCodes.InvalidApiKey)
    {
        Headers = [new("WWW-Authenticate", "Bearer")],
    };

    public static OpenAIError TooManyFailures { get; } = OpenAIError.RateLimited("Too many failed authentication attempts from this address. Try again later.", TimeSpan.FromMinutes(1));

    public static OpenAIError Forbidden { get; } = new(403, ErrorTypes.Permission, "Forbidden: a TokenGate user key cannot use the admin API.", ErrorCodes.Forbidden);

    public static OpenAIError NotFound(string what) => new(404, ErrorTypes.InvalidRequest, $"{what} not found.", ErrorCodes.NotFound);

    public static OpenAIError Invalid(string message, string? param) => OpenAIError.InvalidRequest(message, param, "invalid_value");

    public static OpenAIError UnsupportedMediaType { get; } = new(415, ErrorTypes.InvalidRequest, "The request body must be JSON (Content-Type: application/json).", "unsupported_media_type");
}
