using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TokenGate.Standalone;

/// <summary>
/// A minimal Azure OpenAI look-alike on a loopback port (chat, completions, embeddings; JSON and SSE
/// with usage), standing in for TokenGate.Simulator until it is merged (the lead replaces this with SimulatorHost).
/// </summary>
internal sealed class TemporarySimulatorBootstrapper : IUpstreamBootstrapper
{
    public async Task<(Uri BaseAddress, IAsyncDisposable Handle)> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/openai/deployments/{deployment}/{**operation}", (HttpContext context, string deployment, string operation) => RespondAsync(context, deployment, operation));
        app.MapPost("/openai/v1/{**operation}", (HttpContext context, string operation) => RespondAsync(context, "model", operation));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (new Uri(address), app);
    }

    private static async Task RespondAsync(HttpContext context, string model, string operation)
    {
        using var request = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
        var root = request.RootElement;
        const int Prompt = 12;
        var words = new[] { "Hello", " from", " the", " TokenGate", " simulator", "." };
        if (operation.StartsWith("embeddings", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                @object = "list",
                data = new[] { new { @object = "embedding", index = 0, embedding = new[] { 0.1f, 0.2f, 0.3f } } },
                model,
                usage = new { prompt_tokens = Prompt, total_tokens = Prompt },
            }).ConfigureAwait(false);
            return;
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var usage = new { prompt_tokens = Prompt, completion_tokens = words.Length, total_tokens = Prompt + words.Length };
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-sim",
                @object = "chat.completion",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(words) }, finish_reason = "stop" } },
                usage,
            }).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        foreach (var word in words)
        {
            var chunk = new { id = "chatcmpl-sim", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta = new { content = word }, finish_reason = (string?)null } } };
            await WriteEventAsync(context, JsonSerializer.Serialize(chunk)).ConfigureAwait(false);
        }

        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        if (includeUsage)
        {
            await WriteEventAsync(context, JsonSerializer.Serialize(new { id = "chatcmpl-sim", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage })).ConfigureAwait(false);
        }

        await WriteEventAsync(context, "[DONE]").ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n")).ConfigureAwait(false);
        await context.Response.Body.FlushAsync().ConfigureAwait(false);
    }
}
