using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TokenGate.Gateway.Pipeline;

/// <summary>The answer when a store the request needs is down and no cached answer exists: 503 <c>store_unavailable</c> with <c>Retry-After</c>.</summary>
internal static class StoreUnavailableResponse
{
    /// <summary>Seconds a client is asked to wait (storage outages are rarely shorter).</summary>
    public const int RetryAfterSeconds = 5;

    public static OpenAIError Error { get; } = new(503, "The gateway's storage is temporarily unavailable; try again shortly.", "server_error", null, "store_unavailable");

    public static Task WriteAsync(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return OpenAIErrorWriter.WriteAsync(context, Error);
    }
}
