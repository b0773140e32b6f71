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

namespace TokenGate.Integration.Tests;

/// <summary>What the fake upstream does with the next request.</summary>
public enum FakeBehavior
{
    Normal,
    TooManyRequests,
    ServerError,
    CutStream,
    SlowStream,
}

/// <summary>An Azure OpenAI look-alike on a loopback port with scripted faults; records what it received and reported.</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const int PromptTokens = 11;
    private static readonly string[] Words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."];
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeBehavior> _script = new();
    private long _reportedTokens;
    private int _inFlight;
    private int _maxInFlight;

    private FakeUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<(string Path, IHeaderDictionary Headers, string Body)> Received { get; } = new();

    /// <summary>Sum of total tokens this upstream reported in usage it actually sent.</summary>
    public long ReportedTokens => Interlocked.Read(ref _reportedTokens);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Delay before answering a Normal request (to overlap concurrent calls).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public void Enqueue(params FakeBehavior[] behaviors)
    {
        foreach (var b in behaviors)
        {
            _script.Enqueue(b);
        }
    }

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.MapPost("/openai/{**path}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue((context.Request.Path + context.Request.QueryString, new HeaderDictionary(context.Request.Headers.ToDictionary()), body));
            var behavior = _script.TryDequeue(out var b) ? b : FakeBehavior.Normal;
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "gpt-4o-mini" : "gpt-4o-mini";

            switch (behavior)
            {
                case FakeBehavior.TooManyRequests:
                    context.Response.StatusCode = 429;
                    context.Response.Headers["retry-after"] = "1";
                    context.Response.Headers["retry-after-ms"] = "50";
                    await context.Response.WriteAsJsonAsync(new { error = new { code = "429", message = "Upstream busy." } });
                    return;
                case FakeBehavior.ServerError:
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsJsonAsync(new { error = new { code = "500", message = "Upstream failed." } });
                    return;
            }

            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay);
            }

            var path = context.Request.Path.Value ?? string.Empty;
            if (path.EndsWith("/embeddings", StringComparison.Ordinal))
            {
                Interlocked.Add(ref _reportedTokens, PromptTokens);
                float[] vector = [0.25f, 0.5f, 0.75f];
                var base64 = root.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
                object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
                await context.Response.WriteAsJsonAsync(new
                {
                    @object = "list",
                    data = new[] { new { @object = "embedding", index = 0, embedding } },
                    model,
                    usage = new { prompt_tokens = PromptTokens, total_tokens = PromptTokens },
                });
                return;
            }

            var usage = new { prompt_tokens = PromptTokens, completion_tokens = Words.Length, total_tokens = PromptTokens + Words.Length };
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (!stream)
            {
                Interlocked.Add(ref _reportedTokens, usage.total_tokens);
                await context.Response.WriteAsJsonAsync(new
                {
                    id = "chatcmpl-fake",
                    @object = "chat.completion",
                    created = 1_700_000_000,
                    model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = Expected }, finish_reason = "stop" } },
                    usage,
                });
                return;
            }

            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < Words.Length; i++)
            {
                if (behavior == FakeBehavior.CutStream && i == 3)
                {
                    // Kestrel drops output still queued at Abort: let the first chunks leave the socket first.
                    await Task.Delay(200);
                    context.Abort();
                    return;
                }

                if (behavior == FakeBehavior.SlowStream && i > 0)
                {
                    await Task.Delay(200, context.RequestAborted);
                }

                var chunk = new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta = new { content = Words[i] }, finish_reason = (string?)null } } };
                await WriteEventAsync(context, JsonSerializer.Serialize(chunk));
            }

            var includeUsage = root.TryGetProperty("stream_options", out var so) && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            if (includeUsage)
            {
                Interlocked.Add(ref _reportedTokens, usage.total_tokens);
                await WriteEventAsync(context, JsonSerializer.Serialize(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage }));
            }

            await WriteEventAsync(context, "[DONE]");
        }
        catch (OperationCanceledException)
        {
            // The gateway went away (client abort): nothing was reported.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public const string Expected = "The quick brown fox jumps over the lazy dog.";

    public static int CompletionTokens => Words.Length;

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
