using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>
/// An upstream double on a loopback port that answers every chat call with a different usage and counts, per
/// user (the message text is <c>user:{id}</c>), exactly the usage it returned: the ground truth for the totals.
/// </summary>
public sealed class OutageUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, UpstreamUsage> _byUser = new(StringComparer.Ordinal);
    private int _calls;

    private OutageUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Usage returned so far for <paramref name="userId"/>.</summary>
    public UpstreamUsage For(string userId) => _byUser.TryGetValue(userId, out var usage) ? usage : new UpstreamUsage(0, 0, 0);

    public static async Task<OutageUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new OutageUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var text = body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString() ?? string.Empty;
        var user = text.StartsWith("user:", StringComparison.Ordinal) ? text[5..] : "?";
        var n = Interlocked.Increment(ref _calls);
        var prompt = 7 + (n % 5);
        var completion = 2 + (n % 3);
        _byUser.AddOrUpdate(user, _ => new UpstreamUsage(prompt, completion, 1), (_, u) => new UpstreamUsage(u.PromptTokens + prompt, u.CompletionTokens + completion, u.Calls + 1));
        context.Response.ContentType = "application/json";
        var json = $$$"""{"id":"c{{{n}}}","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
