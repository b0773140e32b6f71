using System.Net;
using System.Text;
using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;
using TokenGate.Core.Tokens;
using static TokenGate.Gateway.Tests.Pipeline.PipelineHarness;

namespace TokenGate.Gateway.Tests.Pipeline;

public class TokenGateProxyTests
{
    private const string UsageJson = """{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}""";

    private static byte[][] SseChunks(bool withUsage) =>
    [
        .. new[] { "Hel", "lo", "!" }.Select(w => Encoding.UTF8.GetBytes($"data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{w}\"}}}}]}}\n\n")),
        .. withUsage ? new[] { Encoding.UTF8.GetBytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\n") } : [],
        Encoding.UTF8.GetBytes("data: [DONE]\n\n"),
    ];

    [Fact]
    public async Task Handle_WithoutKey_Answers401AndPublishesAuthenticationFailed()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody(), key: "");

        await h.SendAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("invalid_api_key", Error(context).GetProperty("code").GetString());
        var e = Assert.Single(h.Sink.Events);
        Assert.Equal(UsageEventKind.AuthenticationFailed, e.Kind);
        Assert.NotNull(e.ClientIpHash);
        Assert.DoesNotContain("203.0.113.7", e.ClientIpHash, StringComparison.Ordinal);
        Assert.Empty(h.Engine.Admitted);
        Assert.Null(h.Upstream.LastRequest);
        Assert.False(string.IsNullOrEmpty(context.Response.Headers["x-request-id"]));
    }

    [Fact]
    public async Task Handle_WhenTheDirectoryHangs_ANewCallerGets503AtTheLookupTimeout_AndACachedOneIsServedFromItsExpiredEntry()
    {
        var h = new PipelineHarness();
        var timeout = new TokenGate.Gateway.Pipeline.GatewayOptions().LookupTimeout;
        h.Directory.Held = new TaskCompletionSource();

        var first = h.Context(ChatBody());
        var waiting = h.SendAsync(first);
        h.Time.Advance(timeout - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);
        h.Time.Advance(TimeSpan.FromTicks(1));
        await waiting;

        Assert.Equal(503, first.Response.StatusCode);
        Assert.Equal("store_unavailable", Error(first).GetProperty("code").GetString());
        Assert.Null(h.Upstream.LastRequest);
        Assert.Empty(h.Engine.Admitted);

        // The look-up was not abandoned with the request: once the directory answers, the caller is cached and served.
        h.Directory.Held.SetResult();
        var reads = h.Directory.Reads;
        await h.SendAsync(h.Context(ChatBody()));
        Assert.Equal(reads, h.Directory.Reads);
        Assert.Single(h.Engine.Admitted);

        // The entry expires and the directory hangs again: the caller waits at most the timeout, then is served from it.
        h.Time.Advance(new TokenGate.Gateway.Pipeline.GatewayOptions().DirectoryCacheDuration);
        h.Directory.Held = new TaskCompletionSource();
        var expired = h.Context(ChatBody());
        waiting = h.SendAsync(expired);
        h.Time.Advance(timeout);
        await waiting;
        Assert.Equal(200, expired.Response.StatusCode);
        Assert.Equal(2, h.Engine.Admitted.Count);
        h.Directory.Held.SetResult();
    }

    [Fact]
    public async Task Handle_WithWrongSecret_Answers401AndNamesKeyIdInEvent()
    {
        var h = new PipelineHarness();
        var wrong = h.Key[..^4] + (h.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var context = h.Context(ChatBody(), key: wrong);

        await h.SendAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal(h.KeyId, Assert.Single(h.Sink.Events).KeyId);
    }

    [Fact]
    public async Task Handle_AfterTooManyFailuresFromOneIp_Answers429BeforeAnyLookup_UntilWindowPasses()
    {
        var h = new PipelineHarness();
        for (var i = 0; i < 3; i++)
        {
            await h.SendAsync(h.Context(ChatBody(), key: "tg_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        }

        var lookups = h.Keys.Lookups;
        var throttled = h.Context(ChatBody());
        await h.SendAsync(throttled);

        Assert.Equal(429, throttled.Response.StatusCode);
        Assert.Equal(lookups, h.Keys.Lookups);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var later = h.Context(ChatBody());
        await h.SendAsync(later);
        Assert.Equal(200, later.Response.StatusCode);
    }

    [Fact]
    public async Task Handle_IdentityHeadersWithoutFrontDoorPrincipal_AreRefused()
    {
        var h = new PipelineHarness(identity: o => o.FrontDoorPrincipalId = "apim-object-id");
        var context = h.Context(ChatBody(), key: "");
        context.Request.Headers["x-tokengate-user"] = "mallory";
        context.Request.Headers["x-tokengate-tenant"] = "t1";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = "someone-else";

        await h.SendAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("untrusted_identity", Error(context).GetProperty("code").GetString());
        Assert.Empty(h.Engine.Admitted);
    }

    [Fact]
    public async Task Handle_IdentityHeadersFromFrontDoor_AreTrustedAndNotForwarded()
    {
        var h = new PipelineHarness(identity: o => o.FrontDoorPrincipalId = "apim-object-id");
        var context = h.Context(ChatBody(), key: "");
        context.Request.Headers["x-tokengate-user"] = "bob";
        context.Request.Headers["x-tokengate-tenant"] = "t9";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = "apim-object-id";

        await h.SendAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(("t9", "bob"), (h.Engine.Admitted[0].TenantId, h.Engine.Admitted[0].UserId));
        Assert.False(h.Upstream.LastRequest!.Headers.Contains("x-tokengate-user"));
        Assert.False(h.Upstream.LastRequest.Headers.Contains("X-MS-CLIENT-PRINCIPAL-ID"));
    }

    [Theory]
    [InlineData("bob/../admin")]
    [InlineData("")]
    [InlineData("a b")]
    public async Task Handle_FrontDoorIdentityWithUnsafeId_IsRefused(string user)
    {
        var h = new PipelineHarness(identity: o => o.FrontDoorPrincipalId = "apim-object-id");
        var context = h.Context(ChatBody(), key: "");
        context.Request.Headers["x-tokengate-user"] = user;
        context.Request.Headers["x-tokengate-tenant"] = "t9";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = "apim-object-id";

        await h.SendAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Empty(h.Engine.Admitted);
    }

    [Fact]
    public async Task Handle_IdentityHeadersWhenFrontDoorModeOff_AreRefused()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody());
        context.Request.Headers["x-tokengate-user"] = "bob";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = "anything";

        await h.SendAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
    }

    [Fact]
    public async Task Handle_BodyOverLimit_Answers413AndForwardsNothing()
    {
        var h = new PipelineHarness(gateway: o => o.MaxRequestBodyBytes = 2048);
        var context = h.Context(ChatBody().Replace("hello world", new string('a', 4000), StringComparison.Ordinal));

        await h.SendAsync(context);

        Assert.Equal(413, context.Response.StatusCode);
        Assert.Null(h.Upstream.LastRequest);
        Assert.Equal(UsageEventKind.Rejected, Assert.Single(h.Sink.Events).Kind);
    }

    [Theory]
    [InlineData("{\"messages\": [", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"messages\":\"hi\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"ten\"}", "max_tokens")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}", "n")]
    public async Task Handle_InvalidBody_Answers400WithParamAndForwardsNothing(string body, string? param)
    {
        var h = new PipelineHarness();
        var context = h.Context(body);

        await h.SendAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        var error = Error(context);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Null(h.Upstream.LastRequest);
        Assert.Empty(h.Engine.Admitted);
    }

    [Fact]
    public async Task Handle_JsonDeeperThanLimit_Answers400()
    {
        var h = new PipelineHarness(gateway: o => o.MaxJsonDepth = 8);
        var deep = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"extra\":" + new string('[', 20) + new string(']', 20) + "}";
        var context = h.Context(deep);

        await h.SendAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Contains("at most 8 levels deep", Error(context).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?api-version=2024-10-21", false)]
    [InlineData("?a=1&api-version=2024-10-21", false)]
    [InlineData("?api%2Dversion=2024-10-21", false)]
    [InlineData("?api-version=&api-version=1", false)]
    [InlineData("?api-version=+", false)]
    [InlineData("?xapi-version=1", true)]
    [InlineData("?api-version=", true)]
    [InlineData("?api-version=&x=1", true)]
    [InlineData("?api-version", true)]
    [InlineData("?x=api-version=1", true)]
    public async Task Handle_ApiVersionCheck_AgreesWithTheParsedQuery(string query, bool rejected)
    {
        // The raw-query fast path must answer exactly as the parsed query collection does.
        Assert.Equal(rejected, string.IsNullOrEmpty(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).GetValueOrDefault("api-version")));
        var h = new PipelineHarness();
        var context = h.Context(ChatBody(), query: query);

        await h.SendAsync(context);

        Assert.Equal(rejected, context.Response.StatusCode == 400);
    }

    [Fact]
    public async Task Handle_DeploymentRouteWithoutApiVersion_Answers400()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody(), query: "");

        await h.SendAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("api-version", Error(context).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Handle_MaxTokensAbovePlan_Answers400NamingMaxTokens()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody(",\"max_tokens\":500"));

        await h.SendAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("max_tokens", Error(context).GetProperty("param").GetString());
        Assert.Empty(h.Engine.Admitted);
    }

    [Fact]
    public async Task Handle_WithoutMaxTokens_InjectsPlanCapAndReservesIt()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Contains("\"max_tokens\":100", h.Upstream.LastBody, StringComparison.Ordinal);
        Assert.Equal(100, h.Engine.Admitted[0].MaxOutputTokens);
    }

    [Fact]
    public async Task Handle_ScreeningBlock_Answers403WithReasonsNotText()
    {
        var h = new PipelineHarness();
        h.Screener.Result = new ScreeningResult(ScreeningVerdict.Block, 0.97, ["instruction-override"], []);
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(403, context.Response.StatusCode);
        var message = Error(context).GetProperty("message").GetString()!;
        Assert.Contains("instruction-override", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hello world", message, StringComparison.Ordinal);
        Assert.Empty(h.Engine.Admitted);
        Assert.Equal(ScreeningVerdict.Block, Assert.Single(h.Sink.Events).ScreeningVerdict);
    }

    [Fact]
    public async Task Handle_ScreeningFlag_ForwardsAndMarksEvent()
    {
        var h = new PipelineHarness();
        h.Screener.Result = new ScreeningResult(ScreeningVerdict.Flag, 0.6, ["role-play"], ["email"]);
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        var e = Assert.Single(h.Sink.Events);
        Assert.Equal(ScreeningVerdict.Flag, e.ScreeningVerdict);
        Assert.Equal(["email"], e.PiiKinds);
        Assert.Equal(0.6, e.InjectionScore);
    }

    [Fact]
    public async Task Handle_ScreeningRedact_ForwardsRedactedText()
    {
        var h = new PipelineHarness();
        h.Screener.Result = new ScreeningResult(ScreeningVerdict.Flag, 0, [], ["email"]) { RedactedTexts = ["hello [EMAIL]"] };
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Contains("hello [EMAIL]", h.Upstream.LastBody, StringComparison.Ordinal);
        Assert.DoesNotContain("hello world", h.Upstream.LastBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_RequestRateRejection_Answers429WithRetryHeadersAndForwardsNothing()
    {
        var h = new PipelineHarness();
        h.Engine.Rejection = new AdmissionDecision(false, RejectionReason.RequestRate, TimeSpan.FromMilliseconds(1500), default, FakeEngine.Status);
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers["retry-after"]);
        Assert.Equal("1500", context.Response.Headers["retry-after-ms"]);
        Assert.Null(h.Upstream.LastRequest);
        var e = Assert.Single(h.Sink.Events);
        Assert.Equal(RejectionReason.RequestRate, e.Rejection);
        Assert.Equal(429, e.Status);
    }

    [Fact]
    public async Task Handle_BudgetExhausted_Answers429InsufficientQuotaWithShouldRetryFalse()
    {
        var h = new PipelineHarness();
        h.Engine.Rejection = new AdmissionDecision(false, RejectionReason.MonthlyTokenBudget, TimeSpan.FromDays(3), default, FakeEngine.Status);
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("insufficient_quota", Error(context).GetProperty("code").GetString());
        Assert.Equal("false", context.Response.Headers["x-should-retry"]);
    }

    [Fact]
    public async Task Handle_BlockedUser_Answers403WithReasonAndUntil()
    {
        var h = new PipelineHarness();
        h.Engine.Rejection = new AdmissionDecision(false, RejectionReason.Blocked, TimeSpan.Zero, default, FakeEngine.Status)
        {
            BlockedUntil = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero),
            BlockReason = "token velocity anomaly",
        };
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(403, context.Response.StatusCode);
        var message = Error(context).GetProperty("message").GetString()!;
        Assert.Contains("token velocity anomaly", message, StringComparison.Ordinal);
        Assert.Contains("2026-11-29", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_Success_SettlesReportedUsageOnceAndWritesRateLimitHeaders()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(UsageJson, ResponseText(context));
        Assert.Equal(new TokenUsage(7, 3), Assert.Single(h.Engine.Settled));
        Assert.Equal(0, h.Engine.Released);
        Assert.Equal("10", context.Response.Headers["x-ratelimit-limit-requests"]);
        Assert.Equal("9", context.Response.Headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("900", context.Response.Headers["x-ratelimit-remaining-tokens"]);
        Assert.Equal("4000", context.Response.Headers["x-tokengate-budget-tokens-remaining"]);
        var request = h.Upstream.LastRequest!;
        Assert.Equal("https://upstream.example/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", request.RequestUri!.ToString());
        Assert.Equal(UpstreamKey, request.Headers.GetValues("api-key").Single());
        Assert.DoesNotContain(h.Key, request.Headers.ToString(), StringComparison.Ordinal);
        var e = Assert.Single(h.Sink.Events);
        Assert.Equal((UsageEventKind.Completed, 7, 3, false), (e.Kind, e.PromptTokens, e.CompletionTokens, e.TokensEstimated));
        Assert.Equal(PromptFingerprint.SimHash(["hello world"]), e.PromptSimHash);
        Assert.Equal("hello world".Length, e.PromptLength);
    }

    [Fact]
    public async Task Handle_FrontDoorCredentialsInTheQueryOrHeaders_NeverReachTheUpstream()
    {
        var h = new PipelineHarness();
        var context = h.Context(ChatBody(), query: "?subscription-key=APIM-SECRET&api-version=2024-10-21&code=FUNC-SECRET&x=1");
        context.Request.Headers["Ocp-Apim-Subscription-Key"] = "APIM-SECRET";
        context.Request.Headers["x-functions-key"] = "FUNC-SECRET";

        await h.SendAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        var request = h.Upstream.LastRequest!;
        Assert.Equal("https://upstream.example/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", request.RequestUri!.ToString());
        Assert.DoesNotContain("SECRET", request.Headers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_V1Route_UsesBodyModelAsDeployment()
    {
        var h = new PipelineHarness();
        var context = h.Context("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", path: "/openai/v1/chat/completions", query: "");

        await h.SendAsync(context, deployment: null);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("https://upstream.example/openai/v1/chat/completions", h.Upstream.LastRequest!.RequestUri!.ToString());
        Assert.Equal("gpt-4o", h.Engine.Admitted[0].Deployment);
    }

    [Fact]
    public async Task Handle_UpstreamErrorWithoutUsage_ReleasesOnceAndPassesStatusThrough()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.Json(HttpStatusCode.InternalServerError, """{"error":{"message":"boom"}}"""));
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal(1, h.Engine.Released);
        Assert.Empty(h.Engine.Settled);
    }

    [Fact]
    public async Task Handle_UpstreamErrorWithUsage_SettlesWhatUpstreamReported()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.Json(HttpStatusCode.BadRequest, """{"error":{"message":"filtered"},"usage":{"prompt_tokens":9,"completion_tokens":0}}"""));
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(new TokenUsage(9, 0), Assert.Single(h.Engine.Settled));
        Assert.Equal(0, h.Engine.Released);
    }

    [Fact]
    public async Task Handle_UpstreamUnreachable_Answers502AndReleases()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => throw new HttpRequestException("connection refused");
        var context = h.Context(ChatBody());

        await h.SendAsync(context);

        Assert.Equal(502, context.Response.StatusCode);
        Assert.Equal("upstream_unavailable", Error(context).GetProperty("code").GetString());
        Assert.Equal(1, h.Engine.Released);
        Assert.Empty(h.Engine.Settled);
    }

    [Fact]
    public async Task Handle_UpstreamSilentPastTimeout_Answers504AndSettlesEstimatedPromptOnce()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var context = h.Context(ChatBody());

        var call = h.SendAsync(context);
        await h.Upstream.Sent.Task;
        h.Time.Advance(TimeSpan.FromSeconds(31));
        await call;

        Assert.Equal(504, context.Response.StatusCode);
        var settled = Assert.Single(h.Engine.Settled);
        Assert.True(settled.IsEstimated);
        Assert.Equal(0, settled.CompletionTokens);
        Assert.Equal(0, h.Engine.Released);
    }

    [Fact]
    public async Task Handle_UpstreamHangsMidStream_ForwardsTheStreamSoFar_ThenSettlesTheEstimateOnce()
    {
        var h = new PipelineHarness();
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(
            SseChunks(withUsage: false)[..2],
            async ct =>
            {
                // Two content chunks arrived; then the upstream goes silent without closing the connection.
                hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return 0;
            })));
        var context = h.Context(ChatBody(",\"stream\":true"));

        var call = h.SendAsync(context);
        await hanging.Task;
        h.Time.Advance(TimeSpan.FromSeconds(31));
        await call;

        // The client keeps what was generated (the headers were long sent, so no error status can follow) and
        // sees the connection end without [DONE]; the call is settled once from the streamed text.
        Assert.Equal(200, context.Response.StatusCode);
        var text = ResponseText(context);
        Assert.Contains("\"content\":\"Hel\"", text, StringComparison.Ordinal);
        Assert.Contains("\"content\":\"lo\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        var settled = Assert.Single(h.Engine.Settled);
        Assert.True(settled.IsEstimated);
        Assert.True(settled.CompletionTokens > 0, "the streamed text is counted");
        Assert.Equal(0, h.Engine.Released);
        var completed = Assert.Single(h.Sink.Events, e => e.Kind == UsageEventKind.Completed);
        Assert.True(completed.TokensEstimated);
    }

    [Fact]
    public async Task Handle_JsonResponse_KeepsUpstreamContentLength_StreamDoesNot()
    {
        const string body = """{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}""";
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.Json(HttpStatusCode.OK, body));
        var json = h.Context(ChatBody());
        await h.SendAsync(json);

        // The JSON tap passes bytes through unchanged, so upstream's length is still true; a stream may be rewritten.
        Assert.Equal(Encoding.UTF8.GetByteCount(body), json.Response.ContentLength);
        Assert.Equal(body, ResponseText(json));

        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(SseChunks(withUsage: true))));
        var stream = h.Context(ChatBody(",\"stream\":true"));
        await h.SendAsync(stream);

        Assert.Null(stream.Response.ContentLength);
    }

    [Fact]
    public async Task Handle_StreamWithoutClientUsage_AsksUpstreamForUsageAndHidesIt()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(SseChunks(withUsage: true))));
        var context = h.Context(ChatBody(",\"stream\":true"));

        await h.SendAsync(context);

        Assert.Contains("\"include_usage\":true", h.Upstream.LastBody, StringComparison.Ordinal);
        var text = ResponseText(context);
        Assert.DoesNotContain("usage", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(5, 3), Assert.Single(h.Engine.Settled));
        Assert.True(Assert.Single(h.Sink.Events).Streamed);
    }

    [Fact]
    public async Task Handle_Stream_RecordsLatencyAndTimeToFirstTokenInTheUsageEvent()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) =>
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(100)); // until the upstream answers with headers
            return Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(SseChunks(withUsage: true), onChunk: i =>
            {
                // 150 ms more to the first token, then 400 ms for the rest of the stream.
                h.Time.Advance(TimeSpan.FromMilliseconds(i == 0 ? 150 : i == 1 ? 400 : 0));
            })));
        };

        await h.SendAsync(h.Context(ChatBody(",\"stream\":true")));

        var completed = Assert.Single(h.Sink.Events);
        Assert.True(completed.Streamed);
        Assert.Equal(250, completed.TimeToFirstTokenMs!.Value, 1);
        Assert.Equal(650, completed.LatencyMs, 1);
        Assert.Equal((5, 3, false), (completed.PromptTokens, completed.CompletionTokens, completed.TokensEstimated));
    }

    [Fact]
    public async Task Handle_StreamWithClientUsage_KeepsUsageChunk()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(SseChunks(withUsage: true))));
        var context = h.Context(ChatBody(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        await h.SendAsync(context);

        Assert.Contains("\"usage\":{\"prompt_tokens\":5", ResponseText(context), StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(5, 3), Assert.Single(h.Engine.Settled));
    }

    [Fact]
    public async Task Handle_ClientDisconnectsMidStream_SettlesEstimateOnce()
    {
        var h = new PipelineHarness();
        var chunks = SseChunks(withUsage: true);
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(
            chunks[..2],
            async ct =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return 0;
            },
            onChunk: i =>
            {
                if (i == 1)
                {
                    h.ClientAborted.Cancel();
                }
            })));
        var context = h.Context(ChatBody(",\"stream\":true"));

        await h.SendAsync(context);

        var settled = Assert.Single(h.Engine.Settled);
        Assert.True(settled.IsEstimated);
        Assert.True(settled.CompletionTokens > 0);
        Assert.Equal(0, h.Engine.Released);
        Assert.True(Assert.Single(h.Sink.Events).TokensEstimated);
    }

    [Fact]
    public async Task Handle_UpstreamCutsStream_SettlesEstimateOnce()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.EventStream(new ScriptedStream(
            SseChunks(withUsage: false)[..2],
            _ => throw new IOException("connection reset"))));
        var context = h.Context(ChatBody(",\"stream\":true"));

        await h.SendAsync(context);

        var settled = Assert.Single(h.Engine.Settled);
        Assert.True(settled.IsEstimated);
        Assert.Equal(0, h.Engine.Released);
        // The client got the partial stream, not an error in its place.
        Assert.Contains("\"content\":\"lo\"", ResponseText(context), StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", ResponseText(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_DirectoryIsReadOncePerCacheWindow()
    {
        var h = new PipelineHarness();

        await h.SendAsync(h.Context(ChatBody()));
        await h.SendAsync(h.Context(ChatBody()));
        Assert.Equal(1, h.Directory.Reads);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        await h.SendAsync(h.Context(ChatBody()));
        Assert.Equal(2, h.Directory.Reads);
    }

    [Fact]
    public async Task Handle_Embeddings_ReservesNoOutputTokensAndInjectsNoCap()
    {
        var h = new PipelineHarness();
        h.Upstream.Respond = (_, _) => Task.FromResult(FakeUpstreamHandler.Json(HttpStatusCode.OK, """{"data":[],"usage":{"prompt_tokens":4,"total_tokens":4}}"""));
        var context = h.Context("""{"input":["a","b"]}""", path: "/openai/deployments/emb/embeddings");

        await h.SendAsync(context, EndpointKind.Embeddings, "emb");

        Assert.Equal(0, h.Engine.Admitted[0].MaxOutputTokens);
        Assert.DoesNotContain("max_tokens", h.Upstream.LastBody, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(4, 0), Assert.Single(h.Engine.Settled));
    }
}
