using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;
using TokenGate.Core.Tokens;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Proxy;
using TokenGate.Gateway.Review;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// The request path: identify → read → screen → admit → forward → settle → publish. One instance per
/// process (resolve it from DI); both hosts call <see cref="HandleAsync"/>. Every exit answers in the
/// OpenAI error shape, carries <c>x-request-id</c>, settles or releases its reservation exactly once,
/// and publishes one usage event without waiting.
/// </summary>
public sealed partial class TokenGateProxy
{
    private const int MaxCachedTargets = 256;
    private readonly UpstreamPressure? _pressure;
    private readonly CallerAuthenticator _authenticator;
    private readonly FailedAuthenticationLimiter _failures;
    private readonly ClientIpHasher _ipHasher;
    private readonly CallerPolicyCache _policies;
    private readonly IRequestReader _reader;
    private readonly IRequestBodyRewriter _rewriter;
    private readonly IPromptScreener _screener;
    private readonly IQuotaEngine _engine;
    private readonly IUsageTapFactory _taps;
    private readonly UpstreamForwarder _forwarder;
    private readonly IUsageEventSink _events;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayOptions _options;
    private readonly UpstreamOptions _upstream;
    private readonly TimeProvider _time;
    private readonly ILogger<TokenGateProxy> _logger;
    private readonly IScreeningReviewQueue? _review;
    private readonly ConcurrentDictionary<(EndpointKind, string, bool, string?), Uri> _targets = new();

    internal TokenGateProxy(
        CallerAuthenticator authenticator,
        FailedAuthenticationLimiter failures,
        ClientIpHasher ipHasher,
        CallerPolicyCache policies,
        IRequestReader reader,
        IRequestBodyRewriter rewriter,
        IPromptScreener screener,
        IQuotaEngine engine,
        IUsageTapFactory taps,
        UpstreamForwarder forwarder,
        IUsageEventSink events,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        IOptions<UpstreamOptions> upstream,
        TimeProvider time,
        ILogger<TokenGateProxy> logger,
        UpstreamPressure? pressure = null,
        IScreeningReviewQueue? review = null)
    {
        _review = review;
        _pressure = pressure;
        _authenticator = authenticator;
        _failures = failures;
        _ipHasher = ipHasher;
        _policies = policies;
        _reader = reader;
        _rewriter = rewriter;
        _screener = screener;
        _engine = engine;
        _taps = taps;
        _forwarder = forwarder;
        _events = events;
        _metrics = metrics;
        _options = options.Value;
        _upstream = upstream.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Handles one OpenAI call. <paramref name="deployment"/> is the Azure deployment from
    /// <c>/openai/deployments/{deployment}/…</c>, or null for the <c>/openai/v1/…</c> forms (the body's model is used).
    /// </summary>
    public async Task HandleAsync(HttpContext context, EndpointKind kind, string? deployment)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = new CallRecord
        {
            RequestId = RequestIds.Ensure(context),
            Time = _time.GetUtcNow(),
            StartedTimestamp = _time.GetTimestamp(),
        };
        using var activity = GatewayMetrics.ActivitySource.StartActivity("tokengate.request");
        try
        {
            await RunAsync(context, kind, deployment, record).ConfigureAwait(false);
        }
        catch (TokenGate.Gateway.Storage.StoreUnavailableException)
        {
            record.Outcome = "store_unavailable"; // storage down and nothing cached answers: 503, never a 401 or a 500
            await StoreUnavailableResponse.WriteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsClientGone(ex, context))
        {
            // The client hung up or sent a broken body (shorter than declared, bad chunking): an outcome, not a fault.
            record.Outcome = "client_disconnected";
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await OpenAIErrorWriter.WriteAsync(context, GatewayErrors.BadRequest("The request body was incomplete.", null)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(_logger, record.RequestId, ex);
            record.Outcome = "error";
            await OpenAIErrorWriter.WriteAsync(context, new OpenAIError(500, "The gateway failed to process the request.", "server_error", null, "internal_error")).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record.Outcome = "client_disconnected";
        }
        finally
        {
            _metrics.Request(record.Outcome);
            Publish(record, context.Response.StatusCode);
        }
    }

    private async Task RunAsync(HttpContext context, EndpointKind kind, string? deployment, CallRecord record)
    {
        var aborted = context.RequestAborted;
        var deploymentRoute = deployment is not null;
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        record.ClientIpHash = _ipHasher.Hash(clientIp);

        // 1. Identify.
        var auth = await _authenticator.AuthenticateAsync(context, clientIp, aborted).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            record.Kind = UsageEventKind.AuthenticationFailed;
            record.KeyId = auth.KeyId;
            record.Outcome = auth.Throttled ? "auth_throttled" : "auth_failed";
            _metrics.Rejected(record.Outcome);
            await OpenAIErrorWriter.WriteAsync(context, auth.Error!).ConfigureAwait(false);
            return;
        }

        var caller = auth.Caller!;
        (record.TenantId, record.UserId, record.KeyId) = (caller.TenantId, caller.UserId, caller.KeyId);

        if (deployment is not null && _options.RequireApiVersion && !HasApiVersion(context.Request))
        {
            await RejectAsync(context, record, GatewayErrors.MissingApiVersion, "bad_request").ConfigureAwait(false);
            return;
        }

        // 2. Read.
        var body = await ReadBodyAsync(context.Request, aborted).ConfigureAwait(false);
        if (body is null)
        {
            await RejectAsync(context, record, GatewayErrors.BodyTooLarge(_options.MaxRequestBodyBytes), "too_large").ConfigureAwait(false);
            return;
        }

        var modelHint = deployment is null ? string.Empty : _upstream.ModelFor(deployment);
        var read = _reader.Read(body.Value.Span, kind, modelHint, _options.MaxJsonDepth);
        if (!read.IsValid)
        {
            await RejectAsync(context, record, GatewayErrors.BadRequest(read.ErrorMessage ?? "Invalid request body.", read.ErrorParam), "bad_request").ConfigureAwait(false);
            return;
        }

        var facts = read.Facts!;
        deployment ??= facts.Model;
        if (string.IsNullOrWhiteSpace(deployment))
        {
            await RejectAsync(context, record, GatewayErrors.BadRequest("'model' is required.", "model"), "bad_request").ConfigureAwait(false);
            return;
        }

        record.Deployment = deployment;
        record.Model = _upstream.ModelFor(deployment);
        record.Streamed = facts.Stream;
        record.PromptSimHash = PromptFingerprint.SimHash(facts.UserTexts);
        record.PromptLength = facts.UserTexts.Sum(t => t.Length);

        var policy = await _policies.GetAsync(caller.TenantId, caller.UserId, aborted).ConfigureAwait(false);
        if (policy.Limits is not { } limits)
        {
            await RejectAsync(context, record, GatewayErrors.NoPlan, "no_plan").ConfigureAwait(false);
            return;
        }

        var maxParam = kind == EndpointKind.Responses ? "max_output_tokens" : "max_tokens";
        if (limits.MaxOutputTokens is { } cap && facts.MaxOutputTokens > cap)
        {
            await RejectAsync(context, record, GatewayErrors.MaxTokensAbovePlan(cap, maxParam), "max_tokens").ConfigureAwait(false);
            return;
        }

        // 3. Screen.
        var screening = _screener.Screen(facts.UserTexts, policy.Screening);
        record.Screening = screening;
        _review?.Offer(record.RequestId, caller, record.Model, record.Time, screening, policy.Screening, facts.UserTexts);
        if (screening.Verdict == ScreeningVerdict.Block)
        {
            var reasons = screening.Reasons.Count > 0 ? string.Join(", ", screening.Reasons) : "policy";
            await RejectAsync(context, record, GatewayErrors.ScreeningBlocked(reasons), "screening").ConfigureAwait(false);
            return;
        }

        // 4. Admit.
        var isEmbeddings = kind == EndpointKind.Embeddings;
        var injectCap = !isEmbeddings && facts.MaxOutputTokens is null ? limits.MaxOutputTokens : null;
        var maxOutput = isEmbeddings ? 0 : facts.MaxOutputTokens ?? limits.MaxOutputTokens ?? _options.DefaultReservedOutputTokens;
        var decision = _engine.TryAdmit(
            new AdmissionRequest(caller.TenantId, caller.UserId, deployment, record.Model, facts.PromptTokens, maxOutput, facts.Choices),
            limits);
        if (!decision.IsAdmitted)
        {
            record.Rejection = decision.Reason;
            var rejection = RejectionMapper.Map(decision);
            foreach (var header in rejection.Headers)
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            await RejectAsync(context, record, rejection.Error, decision.Reason.ToString()).ConfigureAwait(false);
            return;
        }

        // 5. Forward and settle: this block is the one owner of the reservation.
        using var guard = new SettlementGuard(_engine, decision.Reservation);
        RateLimitHeaders.Write(context.Response.Headers, decision.Status);
        var forwardBody = _rewriter.Rewrite(body.Value, facts, injectCap, screening.RedactedTexts);
        var strip = facts.Stream && !facts.ClientRequestedStreamUsage && kind is EndpointKind.ChatCompletions or EndpointKind.Completions;
        var target = UpstreamTarget(kind, deployment, context.Request.QueryString, deploymentRoute);
        _metrics.Overhead(_time.GetElapsedTime(record.StartedTimestamp));

        var model = record.Model;
        var result = await _forwarder.ForwardAsync(context, new ForwardRequest(
            target,
            forwardBody,
            isEventStream => isEventStream ? _taps.ForEventStream(model, strip) : _taps.ForJson(model))).ConfigureAwait(false);
        _metrics.UpstreamDuration(result.UpstreamDuration);
        _pressure?.Record(result.UpstreamStatus);
        record.TimeToFirstToken = result.TimeToFirstByte;
        record.Streamed = result.Streamed;
        record.Kind = UsageEventKind.Completed;

        if (Settle(guard, result, facts, record) is { } late)
        {
            await OpenAIErrorWriter.WriteAsync(context, late).ConfigureAwait(false);
        }
    }

    /// <summary>Settles or releases per outcome; returns the error to answer with when nothing was sent yet.</summary>
    private OpenAIError? Settle(SettlementGuard guard, ForwardResult result, RequestFacts facts, CallRecord record)
    {
        var reported = result.Tap?.ReportedUsage;
        var estimate = new TokenUsage(facts.PromptTokens, result.Tap?.EstimatedCompletionTokens ?? 0, IsEstimated: true);
        switch (result.Outcome)
        {
            case ForwardOutcome.Completed when result.UpstreamStatus < 400:
                record.Outcome = "success";
                Apply(guard, reported ?? estimate, record);
                break;
            case ForwardOutcome.Completed:
                record.Outcome = "upstream_error";
                if (reported is { } errorUsage)
                {
                    Apply(guard, errorUsage, record);
                }
                else
                {
                    guard.Release();
                }

                break;
            case ForwardOutcome.ConnectFailed:
                record.Outcome = "upstream_unavailable";
                guard.Release();
                return GatewayErrors.UpstreamUnavailable;
            case ForwardOutcome.TimedOutBeforeResponse:
                // Upstream received the prompt and may bill it: keep the prompt estimate.
                record.Outcome = "upstream_timeout";
                Apply(guard, new TokenUsage(facts.PromptTokens, 0, IsEstimated: true), record);
                return GatewayErrors.UpstreamTimeout;
            default:
                record.Outcome = result.Outcome switch
                {
                    ForwardOutcome.TimedOutMidStream => "upstream_timeout",
                    ForwardOutcome.UpstreamCut => "upstream_cut",
                    _ => "client_disconnected",
                };
                Apply(guard, reported ?? estimate, record);
                if (result.Outcome == ForwardOutcome.ClientDisconnected)
                {
                    LogClientLeft(_logger, record.RequestId);
                }

                break;
        }

        return null;
    }

    private void Apply(SettlementGuard guard, TokenUsage usage, CallRecord record)
    {
        record.Usage = usage;
        guard.Settle(usage);
        _metrics.TokensConsumed(usage.PromptTokens, usage.CompletionTokens, usage.IsEstimated);
    }

    private Uri UpstreamTarget(EndpointKind kind, string deployment, QueryString query, bool deploymentRoute)
    {
        // Calls repeat the same few deployments and query strings: reuse the parsed Uri (immutable) instead of building one per call.
        var key = (kind, deployment, deploymentRoute, query.Value);
        if (_targets.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var target = BuildUpstreamTarget(kind, deployment, query, deploymentRoute);
        if (_targets.Count >= MaxCachedTargets)
        {
            _targets.Clear();
        }

        _targets[key] = target;
        return target;
    }

    private Uri BuildUpstreamTarget(EndpointKind kind, string deployment, QueryString query, bool deploymentRoute)
    {
        var endpoint = _upstream.Endpoint ?? throw new InvalidOperationException("TokenGate:Upstream:Endpoint is not configured.");
        var operation = kind switch
        {
            EndpointKind.ChatCompletions => "chat/completions",
            EndpointKind.Completions => "completions",
            EndpointKind.Embeddings => "embeddings",
            _ => "responses",
        };
        var path = deploymentRoute ? $"/openai/deployments/{Uri.EscapeDataString(deployment)}/{operation}" : $"/openai/v1/{operation}";
        return new Uri(endpoint.AbsoluteUri.TrimEnd('/') + path + UpstreamQuery(query));
    }

    /// <summary>
    /// Only <c>api-version</c> goes upstream, the one query parameter these operations take: anything else a client
    /// or a front door put in the query (an APIM <c>subscription-key</c>, a Functions <c>code</c>) stays here.
    /// </summary>
    private static string UpstreamQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return string.Empty;
        }

        var apiVersion = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value).GetValueOrDefault("api-version");
        return apiVersion.Count > 0 && !string.IsNullOrEmpty(apiVersion[0]) ? "?api-version=" + Uri.EscapeDataString(apiVersion[0]!) : string.Empty;
    }

    /// <summary>A non-empty <c>api-version</c>; the raw query answers the usual case without parsing it into a dictionary.</summary>
    private static bool HasApiVersion(HttpRequest request)
    {
        var query = request.QueryString.Value.AsSpan();
        var at = query.IndexOf("api-version=", StringComparison.Ordinal);
        if (at > 0 && (query[at - 1] is '?' or '&') && at + 12 < query.Length && query[at + 12] != '&')
        {
            return true;
        }

        return !string.IsNullOrEmpty(request.Query["api-version"]);
    }

    private static bool IsClientGone(Exception ex, HttpContext context) =>
        ex is BadHttpRequestException or Microsoft.AspNetCore.Connections.ConnectionResetException
        || (ex is IOException && context.RequestAborted.IsCancellationRequested);

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = _options.MaxRequestBodyBytes;
        if (request.ContentLength > max)
        {
            return null;
        }

        if (request.ContentLength is { } declared)
        {
            // Kestrel enforces Content-Length (a shorter body throws, a longer one is the next request), so one exact buffer suffices.
            var exact = new byte[declared];
            var filled = 0;
            int n;
            while (filled < exact.Length && (n = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += n;
            }

            return new ReadOnlyMemory<byte>(exact, 0, filled);
        }

        using var buffer = new MemoryStream(4096);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private async Task RejectAsync(HttpContext context, CallRecord record, OpenAIError error, string reason)
    {
        record.Kind = UsageEventKind.Rejected;
        record.Outcome = "rejected";
        _metrics.Rejected(reason);
        await OpenAIErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
    }

    private void Publish(CallRecord record, int status)
    {
        try
        {
            _events.TryPublish(record.ToEvent(status, _time.GetElapsedTime(record.StartedTimestamp)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPublishFailed(_logger, record.RequestId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId}: the client disconnected")]
    private static partial void LogClientLeft(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: publishing the usage event failed")]
    private static partial void LogPublishFailed(ILogger logger, string requestId, Exception exception);
}
