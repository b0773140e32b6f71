namespace TokenGate.Core.Protocol;

/// <summary>Values of the error body's <c>code</c> field.</summary>
public static class ErrorCodes
{
    public const string InvalidApiKey = "invalid_api_key";
    public const string Forbidden = "forbidden";
    public const string UserBlocked = "user_blocked";
    public const string DeploymentNotAllowed = "deployment_not_allowed";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RequestTooLarge = "request_too_large";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string InsufficientQuota = "insufficient_quota";
    public const string InternalError = "internal_error";
    public const string UpstreamError = "upstream_error";
    public const string ServiceUnavailable = "service_unavailable";
    public const string QuotaStateUnavailable = "quota_state_unavailable";
    public const string UpstreamTimeout = "upstream_timeout";
}
