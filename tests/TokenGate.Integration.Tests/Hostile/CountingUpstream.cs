using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>An upstream double on a loopback port that counts every request reaching it and answers a fixed chat/embeddings reply.</summary>
public sealed class CountingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private CountingUpstream(WebApplication app) => _app = app;

    /// <summary>Requests that reached the upstream, any path or method.</summary>
    public int Count => Volatile.Read(ref _count);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, every request is answered with this status and an OpenAI error body, without usage.</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>The <c>retry-after</c> header sent with <see cref="FailWithStatus"/> (none when null).</summary>
    public string? RetryAfter { get; set; }

    public static async Task<CountingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new CountingUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _count);
        using (var reader = new StreamReader(context.Request.Body))
        {
            await reader.ReadToEndAsync();
        }

        context.Response.ContentType = "application/json";
        if (FailWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            if (RetryAfter is not null)
            {
                context.Response.Headers["retry-after"] = RetryAfter;
            }

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$$"""{"error":{"message":"upstream says {{{status}}}","type":"upstream","param":null,"code":"{{{status}}}"}}"""));
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var json = path.EndsWith("/embeddings", StringComparison.Ordinal)
            ? """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],"model":"m","usage":{"prompt_tokens":3,"total_tokens":3}}"""
            : """{"id":"c","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
