using Microsoft.AspNetCore.Http;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Gives every response an <c>x-request-id</c> (a fresh id; a client-sent one is not trusted).</summary>
public static class RequestIds
{
    /// <summary>The header name.</summary>
    public const string Header = "x-request-id";

    /// <summary>Sets (once) and returns this request's id.</summary>
    public static string Ensure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Header, out var existing) && existing is string id)
        {
            return id;
        }

        id = Guid.NewGuid().ToString("N");
        context.Items[Header] = id;
        context.Response.Headers[Header] = id;
        return id;
    }
}
