using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Proxy;

/// <summary>
/// Streams one call to upstream and its response back, chunk by chunk (flushed per chunk, never
/// buffered) through a usage tap. The client's credentials and identity headers never travel upstream.
/// Never throws for network outcomes: they are <see cref="ForwardOutcome"/> values.
/// </summary>
public sealed class UpstreamForwarder(UpstreamTransport transport, IUpstreamCredential credential, IOptions<UpstreamOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> SkippedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "api-key", "authorization", "cookie", "content-length", "content-type", "connection", "keep-alive",
        "transfer-encoding", "te", "upgrade", "proxy-connection", "proxy-authorization", "expect", "accept-encoding",
        "ocp-apim-subscription-key", "x-functions-key", // front-door credentials: they end at TokenGate
    };

    private static readonly HashSet<string> SkippedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie", "upgrade", "proxy-connection",
    };

    /// <summary>Header-name prefixes never forwarded upstream (identity, Easy Auth, TokenGate-internal).</summary>
    private static readonly string[] SkippedRequestPrefixes = ["x-ms-client-principal", "x-tokengate-", "x-forwarded-", "x-ms-token-"];

    /// <summary>Forwards and streams back; the response headers the caller already set win over upstream's.</summary>
    public async Task<ForwardResult> ForwardAsync(HttpContext context, ForwardRequest call)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(call);
        var timeout = options.Value.Timeout;
        var clientAborted = context.RequestAborted;
        using var timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timer.Token);
        var started = time.GetTimestamp();

        using var request = new HttpRequestMessage(HttpMethod.Post, call.Target)
        {
            Version = System.Net.HttpVersion.Version11,
            Content = new ReadOnlyMemoryContent(call.Body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        CopyRequestHeaders(context.Request.Headers, request);

        HttpResponseMessage response;
        try
        {
            await credential.ApplyAsync(request, linked.Token).ConfigureAwait(false);
            timer.CancelAfter(timeout);
            response = await transport.Invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            return new(ForwardOutcome.ClientDisconnected, 0, null, false, null, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            return new(ForwardOutcome.TimedOutBeforeResponse, 0, null, false, null, time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
        {
            return new(ForwardOutcome.ConnectFailed, 0, null, false, null, time.GetElapsedTime(started));
        }

        using (response)
        {
            var isEventStream = string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
            var tap = call.CreateTap(isEventStream);
            var status = (int)response.StatusCode;
            context.Response.StatusCode = status;
            CopyResponseHeaders(response, context.Response.Headers);
            if (tap.PassesBytesThrough && status is not (204 or 304) && response.Content.Headers.ContentLength is { } length)
            {
                // Same bytes, same length: the client gets one plain write instead of chunked framing and a terminating chunk.
                context.Response.ContentLength = length;
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            var (outcome, firstByte) = await StreamBodyAsync(context, response, tap, timer, linked.Token, started).ConfigureAwait(false);
            return new(outcome, status, tap, isEventStream, firstByte, time.GetElapsedTime(started));
        }
    }

    private async Task<(ForwardOutcome, TimeSpan?)> StreamBodyAsync(
        HttpContext context, HttpResponseMessage response, ResponseUsageTap tap, CancellationTokenSource timer, CancellationToken token, long started)
    {
        var clientAborted = context.RequestAborted;
        var writer = context.Response.BodyWriter;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        TimeSpan? firstByte = null;
        try
        {
            timer.CancelAfter(options.Value.Timeout);
            var upstream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (upstream.ConfigureAwait(false))
            {
                await context.Response.StartAsync(clientAborted).ConfigureAwait(false);
                while (true)
                {
                    timer.CancelAfter(options.Value.Timeout);
                    var read = await upstream.ReadAsync(buffer, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    firstByte ??= time.GetElapsedTime(started);
                    tap.Process(buffer.AsSpan(0, read), writer);
                    var flushed = await writer.FlushAsync(clientAborted).ConfigureAwait(false);
                    if (flushed.IsCanceled || flushed.IsCompleted)
                    {
                        return (ForwardOutcome.ClientDisconnected, firstByte);
                    }
                }

                tap.Complete(writer);
                var last = await writer.FlushAsync(clientAborted).ConfigureAwait(false);
                return (last.IsCanceled || last.IsCompleted ? ForwardOutcome.ClientDisconnected : ForwardOutcome.Completed, firstByte);
            }
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            return (ForwardOutcome.ClientDisconnected, firstByte);
        }
        catch (OperationCanceledException)
        {
            // The response has started: the only honest signal left is to break the connection.
            context.Abort();
            return (ForwardOutcome.TimedOutMidStream, firstByte);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            if (clientAborted.IsCancellationRequested)
            {
                return (ForwardOutcome.ClientDisconnected, firstByte);
            }

            context.Abort();
            return (ForwardOutcome.UpstreamCut, firstByte);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CopyRequestHeaders(IHeaderDictionary from, HttpRequestMessage to)
    {
        foreach (var header in from)
        {
            if (SkippedRequestHeaders.Contains(header.Key) || HasSkippedPrefix(header.Key) || header.Key.StartsWith(':'))
            {
                continue;
            }

            // One value (the usual case) goes in as a string: no boxing of the StringValues, no enumerator.
            _ = header.Value.Count == 1
                ? to.Headers.TryAddWithoutValidation(header.Key, header.Value[0])
                : to.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
        }
    }

    private static bool HasSkippedPrefix(string name)
    {
        foreach (var prefix in SkippedRequestPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, IHeaderDictionary to)
    {
        // NonValidated: the raw values as received, without parsing them into typed header objects.
        foreach (var header in response.Headers.NonValidated)
        {
            CopyResponseHeader(header.Key, header.Value, to);
        }

        foreach (var header in response.Content.Headers.NonValidated)
        {
            CopyResponseHeader(header.Key, header.Value, to);
        }
    }

    private static void CopyResponseHeader(string name, HeaderStringValues values, IHeaderDictionary to)
    {
        // Upstream's own rate-limit figures describe the gateway's quota, not the caller's.
        if (SkippedResponseHeaders.Contains(name) || to.ContainsKey(name)
            || name.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        to[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
    }
}
