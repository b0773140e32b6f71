namespace TokenGate.Core.Protocol;

/// <summary>Values of the error body's <c>type</c> field.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Permission = "permission_error";
    /// <summary>429 on the request rate or concurrency (OpenAI writes "requests").</summary>
    public const string Requests = "requests";
    /// <summary>429 on the token rate (OpenAI writes "tokens").</summary>
    public const string Tokens = "tokens";
    public const string InsufficientQuota = "insufficient_quota";
    public const string Server = "server_error";
}
