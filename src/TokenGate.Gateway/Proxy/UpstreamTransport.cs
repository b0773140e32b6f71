using System.Net;

namespace TokenGate.Gateway.Proxy;

/// <summary>The one long-lived upstream <see cref="HttpMessageInvoker"/>: pooled connections, no redirects, no decompression, no cookies.</summary>
public sealed class UpstreamTransport : IDisposable
{
    /// <summary>A transport over a real <see cref="SocketsHttpHandler"/>.</summary>
    public UpstreamTransport()
        : this(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            EnableMultipleHttp2Connections = true,
        })
    {
    }

    /// <summary>A transport over any handler (tests).</summary>
    public UpstreamTransport(HttpMessageHandler handler)
    {
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>The shared invoker.</summary>
    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
