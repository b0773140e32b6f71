namespace TokenGate.Gateway.Pipeline;

/// <summary>The errors the pipeline itself produces (not rejections by the quota engine).</summary>
internal static class GatewayErrors
{
    public static OpenAIError NotFound { get; } = new(404, "Resource not found.", "invalid_request_error", null, "404");

    public static OpenAIError MethodNotAllowed { get; } = new(405, "Method not allowed; use POST.", "invalid_request_error", null, "method_not_allowed");

    public static OpenAIError MissingKey { get; } = new(401, "Access denied due to missing API key. Send a TokenGate key in the 'api-key' header or as 'Authorization: Bearer'.", "invalid_request_error", null, "invalid_api_key");

    public static OpenAIError InvalidKey { get; } = new(401, "Access denied due to invalid API key.", "invalid_request_error", null, "invalid_api_key");

    public static OpenAIError UntrustedIdentityHeaders { get; } = new(401, "Identity headers are only accepted from the configured front door.", "invalid_request_error", null, "untrusted_identity");

    public static OpenAIError TooManyFailures { get; } = new(429, "Too many failed authentication attempts from this address. Try again later.", "requests", null, "rate_limit_exceeded");

    public static OpenAIError BodyTooLarge(int max) => new(413, $"Request body exceeds the limit of {max} bytes.", "invalid_request_error", null, "request_too_large");

    public static OpenAIError BadRequest(string message, string? param) => new(400, message, "invalid_request_error", param, "invalid_request");

    public static OpenAIError MissingApiVersion { get; } = new(400, "Missing required query parameter 'api-version'.", "invalid_request_error", "api-version", "missing_api_version");

    public static OpenAIError NoPlan { get; } = new(403, "No plan is assigned to this caller.", "permission_error", null, "no_plan");

    public static OpenAIError MaxTokensAbovePlan(int cap, string param) => new(400, $"'{param}' exceeds the maximum of {cap} output tokens allowed by your plan.", "invalid_request_error", param, "max_tokens_exceeded");

    public static OpenAIError ScreeningBlocked(string reasons) => new(403, $"The request was refused by content screening ({reasons}).", "permission_error", null, "content_blocked");

    public static OpenAIError UpstreamTimeout { get; } = new(504, "The upstream model did not answer in time.", "server_error", null, "upstream_timeout");

    public static OpenAIError UpstreamUnavailable { get; } = new(502, "The upstream model could not be reached.", "server_error", null, "upstream_unavailable");
}
