using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TokenGate.Simulator.Serving;

/// <summary>Serves one simulated call: key check, parse, plan, fault or answer, counters.</summary>
internal sealed class SimulatorEndpoint(
    IOptions<SimulatorOptions> options,
    CallPlanner planner,
    StatsRecorder stats,
    TimeProvider time,
    ILogger<SimulatorEndpoint> logger)
{
    private readonly SimulatorOptions _options = options.Value;
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);
    private long _sequence;

    public async Task HandleAsync(HttpContext context, ApiKind kind)
    {
        if (_key is not null && !Authorized(context.Request.Headers))
        {
            stats.Unauthorized();
            await ErrorJson.WriteAsync(context, 401,
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
                "invalid_request_error", null, "401");
            return;
        }

        var request = new SimRequest();
        var error = await ReadAsync(context, kind, request);
        var plan = new CallPlan();
        if (error.Message is null && planner.TryPlan(context.Request.Headers, plan) is { } badHeader)
        {
            error = ($"Invalid value for header '{badHeader}'.", badHeader);
        }

        if (error.Message is null && kind == ApiKind.Embeddings && request.Inputs.Count == 0)
        {
            error = ("'input' must not be empty.", "input");
        }

        if (error.Message is not null)
        {
            stats.BadRequest();
            await ErrorJson.WriteAsync(context, 400, error.Message, "invalid_request_error", error.Param, "invalid_request_error");
            return;
        }

        var deployment = context.GetRouteValue("deployment") as string ?? request.Model ?? "unknown";
        var stream = request.Stream && kind != ApiKind.Embeddings;
        stats.Request(deployment, stream);
        var g = new Generation(request, plan, _options, kind, request.Model ?? deployment, NewId(kind, request.PromptHash), time.GetUtcNow().ToUnixTimeSeconds());

        try
        {
            if (plan.Fault != SimulatorFault.None)
            {
                stats.Fault(deployment, plan.Fault);
                SimulatorLog.FaultInjected(logger, plan.Fault, deployment);
                if (await WriteFaultAsync(context, plan))
                {
                    return;
                }
            }

            await DelayAsync(plan.Latency, context.RequestAborted);
            if (stream)
            {
                var sent = await StreamAsync(context, g, kind);
                stats.Tokens(deployment, g.PromptTokens, sent);
            }
            else
            {
                await DelayAsync(plan.TimeToFirstToken + plan.GenerationTime(g.VisibleTokens), context.RequestAborted);
                await WriteBodyAsync(context, g, kind);
                stats.Tokens(deployment, g.PromptTokens, plan.Fault == SimulatorFault.Cut ? 0 : g.CompletionTokens);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            SimulatorLog.ClientGone(logger, deployment);
            if (stream && context.Response.HasStarted)
            {
                // The prompt was consumed and some content delivered before the client left.
                stats.Tokens(deployment, g.PromptTokens, g.SentTokens);
            }
        }
    }

    /// <summary>Writes 429/500/503 or stalls; returns false when the fault happens later (a cut).</summary>
    private async Task<bool> WriteFaultAsync(HttpContext context, CallPlan plan)
    {
        switch (plan.Fault)
        {
            case SimulatorFault.TooManyRequests:
                var seconds = (plan.RetryAfterMs + 999) / 1000;
                context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["retry-after-ms"] = plan.RetryAfterMs.ToString(CultureInfo.InvariantCulture);
                await ErrorJson.WriteAsync(context, 429,
                    $"Requests to the deployment have exceeded the simulated rate limit. Please retry after {seconds} second{(seconds == 1 ? "" : "s")}.",
                    "rate_limit_exceeded", null, "429");
                return true;
            case SimulatorFault.InternalServerError:
                await ErrorJson.WriteAsync(context, 500, "The server had an error while processing your request.", "server_error", null, "500");
                return true;
            case SimulatorFault.ServiceUnavailable:
                await ErrorJson.WriteAsync(context, 503, "The service is temporarily unable to process your request. Please try again later.", "server_error", null, "503");
                return true;
            case SimulatorFault.Stall:
                await Task.Delay(Timeout.InfiniteTimeSpan, time, context.RequestAborted);
                return true;
            default:
                return false;
        }
    }

    private async Task WriteBodyAsync(HttpContext context, Generation g, ApiKind kind)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        var w = JsonBuffer.Begin(out var buffer);
        switch (kind)
        {
            case ApiKind.Embeddings:
                EmbeddingsJson.Body(w, g, g.Request.Dimensions ?? _options.EmbeddingDimensions, g.Request.Base64);
                break;
            case ApiKind.Responses:
                var text = TextGenerator.Rent(g.VisibleTokens);
                var length = TextGenerator.Write(g.ChoiceSeed(0), 0, g.VisibleTokens, text);
                ResponsesJson.Response(w, g, text.AsSpan(0, length), completed: true);
                ArrayPool<byte>.Shared.Return(text);
                break;
            default:
                ChatJson.Body(w, g, kind == ApiKind.ChatCompletions);
                break;
        }

        var total = buffer.Flush();
        response.ContentLength = total;
        if (g.Plan.Fault == SimulatorFault.Cut)
        {
            // Half a body under the full Content-Length: Kestrel sends it, then closes the connection; the client sees a premature end.
            response.BodyWriter.Write(buffer.Written[..(total / 2)]);
            await response.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }

        buffer.CopyTo(response.BodyWriter, default, default);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Streams the answer; returns the completion tokens reported (or, when cut, the content tokens sent).</summary>
    private async Task<int> StreamAsync(HttpContext context, Generation g, ApiKind kind)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (g.Plan.Fault == SimulatorFault.Cut)
        {
            // A length the stream never reaches: Kestrel flushes what was sent, then closes the connection (HttpContext.Abort could drop unsent bytes).
            response.ContentLength = int.MaxValue;
        }

        var pipe = response.BodyWriter;
        var ct = context.RequestAborted;
        if (kind == ApiKind.Responses)
        {
            return await ResponsesStream.RunAsync(context, g, this, ct);
        }

        var chat = kind == ApiKind.ChatCompletions;
        if (chat)
        {
            if (_options.EmitPromptFilterResults)
            {
                ChatJson.PromptFilterChunk(JsonBuffer.Begin(out var b));
                Sse.Data(pipe, b);
            }

            for (var c = 0; c < g.Choices; c++)
            {
                ChatJson.Chunk(JsonBuffer.Begin(out var b), g, chat, c, default, role: true, null);
                Sse.Data(pipe, b);
            }
        }

        await pipe.FlushAsync(ct);
        await DelayAsync(g.Plan.TimeToFirstToken, ct);

        var cutAt = g.Plan.Fault == SimulatorFault.Cut ? g.VisibleTokens / 2 : int.MaxValue;

        var text = TextGenerator.Rent(g.Plan.TokensPerChunk);
        try
        {
            for (var pos = 0; pos < g.VisibleTokens && pos < cutAt; pos += g.Plan.TokensPerChunk)
            {
                var count = Math.Min(g.Plan.TokensPerChunk, Math.Min(g.VisibleTokens, cutAt) - pos);
                if (pos > 0)
                {
                    await DelayAsync(g.Plan.GenerationTime(count), ct);
                }

                for (var c = 0; c < g.Choices; c++)
                {
                    var length = TextGenerator.Write(g.ChoiceSeed(c), pos, count, text);
                    ChatJson.Chunk(JsonBuffer.Begin(out var b), g, chat, c, text.AsSpan(0, length), role: false, null);
                    Sse.Data(pipe, b);
                }

                g.SentTokens += count * g.Choices;
                await pipe.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }

        if (cutAt != int.MaxValue)
        {
            await pipe.FlushAsync(ct);
            return g.SentTokens;
        }

        for (var c = 0; c < g.Choices; c++)
        {
            ChatJson.Chunk(JsonBuffer.Begin(out var b), g, chat, c, default, role: false, g.FinishReason);
            Sse.Data(pipe, b);
        }

        if (g.Request.IncludeUsage)
        {
            ChatJson.UsageChunk(JsonBuffer.Begin(out var b), g, chat);
            Sse.Data(pipe, b);
        }

        pipe.Write(Sse.Done);
        await pipe.FlushAsync(ct);
        return g.CompletionTokens;
    }

    internal Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, ct) : Task.CompletedTask;

    private bool Authorized(IHeaderDictionary headers)
    {
        var presented = headers["api-key"].ToString();
        if (presented.Length == 0)
        {
            var auth = headers.Authorization.ToString();
            if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = auth[7..].Trim();
            }
        }

        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
    }

    private static async Task<(string? Message, string? Param)> ReadAsync(HttpContext context, ApiKind kind, SimRequest request)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            if (result.IsCompleted || result.IsCanceled)
            {
                var message = RequestParser.TryParse(result.Buffer, kind, request, out var param);
                reader.AdvanceTo(result.Buffer.End);
                return (message, param);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private string NewId(ApiKind kind, ulong hash)
    {
        var prefix = kind switch
        {
            ApiKind.ChatCompletions => "chatcmpl-",
            ApiKind.Completions => "cmpl-",
            ApiKind.Responses => "resp_",
            _ => "emb-",
        };
        var n = Interlocked.Increment(ref _sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}sim{hash:x16}{n:x8}");
    }
}
