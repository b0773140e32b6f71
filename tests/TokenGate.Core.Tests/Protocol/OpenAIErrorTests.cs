using System.Text.Json;
using TokenGate.Core.Admission;
using TokenGate.Core.Protocol;

namespace TokenGate.Core.Tests.Protocol;

public class OpenAIErrorTests
{
    private static readonly DateTimeOffset Reset = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly QuotaStatus Status = new(
        60, 0, TimeSpan.FromSeconds(2), 10_000, 50, TimeSpan.FromSeconds(30), 1_000_000, 0, null, null, "2026-11", Reset);

    private static AdmissionDecision Rejected(RejectionReason reason, TimeSpan retryAfter) => new(false, reason, retryAfter, default, Status);

    private static JsonElement Body(OpenAIError error) => JsonDocument.Parse(error.ToUtf8Bytes()).RootElement.GetProperty("error");

    private static string? Header(OpenAIError error, string name) => error.Headers.FirstOrDefault(h => h.Key == name).Value;

    [Fact]
    public void ToJson_HasTheOpenAIShapeWithNullParamAndCode()
    {
        var body = Body(new OpenAIError(500, "server_error", "boom"));

        Assert.Equal("boom", body.GetProperty("message").GetString());
        Assert.Equal("server_error", body.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("code").ValueKind);
        Assert.False(body.TryGetProperty("tokens_remaining", out _));
    }

    [Fact]
    public void InvalidRequest_Is400WithParam()
    {
        var error = OpenAIError.InvalidRequest("'messages' is required.", "messages", "missing_required_parameter");

        Assert.Equal(400, error.Status);
        Assert.Equal("messages", Body(error).GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", Body(error).GetProperty("type").GetString());
    }

    [Fact]
    public void Factories_HaveTheDocumentedStatusTypeAndCode()
    {
        (OpenAIError Error, int Status, string Type, string Code)[] cases =
        [
            (OpenAIError.InvalidApiKey(), 401, "invalid_request_error", "invalid_api_key"),
            (OpenAIError.Forbidden("no"), 403, "permission_error", "forbidden"),
            (OpenAIError.UnknownRoute("GET", "/nope"), 404, "invalid_request_error", "not_found"),
            (OpenAIError.MethodNotAllowed("GET", "POST"), 405, "invalid_request_error", "method_not_allowed"),
            (OpenAIError.TooLarge(1024), 413, "invalid_request_error", "request_too_large"),
            (OpenAIError.Internal(), 500, "server_error", "internal_error"),
            (OpenAIError.UpstreamError(), 502, "server_error", "upstream_error"),
            (OpenAIError.Unavailable("later", TimeSpan.FromSeconds(3)), 503, "server_error", "service_unavailable"),
            (OpenAIError.UpstreamTimeout(), 504, "server_error", "upstream_timeout"),
        ];

        foreach (var (error, status, type, code) in cases)
        {
            Assert.Equal(status, error.Status);
            Assert.Equal(type, Body(error).GetProperty("type").GetString());
            Assert.Equal(code, Body(error).GetProperty("code").GetString());
        }

        Assert.Equal("POST", Header(OpenAIError.MethodNotAllowed("GET", "POST"), "allow"));
        Assert.Equal("3", Header(OpenAIError.Unavailable("later", TimeSpan.FromSeconds(3)), "retry-after"));
    }

    [Fact]
    public void UnknownRoute_EchoesThePathTruncatedAndWithoutControlCharacters()
    {
        var error = OpenAIError.UnknownRoute("GET", "/x\r\nSet-Cookie: a" + new string('a', 500));

        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 260);
    }

    [Theory]
    [InlineData(RejectionReason.RequestRate, "requests")]
    [InlineData(RejectionReason.TokenRate, "tokens")]
    [InlineData(RejectionReason.Concurrency, "requests")]
    public void FromRejection_RateLimits_Are429WithRetryAfterInSecondsAndMilliseconds(RejectionReason reason, string type)
    {
        var error = OpenAIError.FromRejection(Rejected(reason, TimeSpan.FromMilliseconds(1_200)));

        Assert.Equal(429, error.Status);
        Assert.Equal(type, error.Type);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal("2", Header(error, "retry-after"));
        Assert.Equal("1200", Header(error, "retry-after-ms"));
        Assert.Equal("0", Header(error, "x-ratelimit-remaining-requests"));
        Assert.Null(Header(error, "x-should-retry"));
    }

    [Theory]
    [InlineData(RejectionReason.MonthlyTokenBudget)]
    [InlineData(RejectionReason.MonthlyCostBudget)]
    [InlineData(RejectionReason.TenantTokenBudget)]
    [InlineData(RejectionReason.TenantCostBudget)]
    public void FromRejection_Budgets_Are429InsufficientQuotaThatSdksDoNotRetry(RejectionReason reason)
    {
        var error = OpenAIError.FromRejection(Rejected(reason, Reset - Reset.AddDays(-3)));
        var body = Body(error);

        Assert.Equal(429, error.Status);
        Assert.Equal("insufficient_quota", error.Type);
        Assert.Equal("insufficient_quota", error.Code);
        Assert.Equal("false", Header(error, "x-should-retry"));
        Assert.Null(Header(error, "retry-after"));
        Assert.Equal(0, body.GetProperty("tokens_remaining").GetInt64());
        Assert.Equal("2026-12-01T00:00:00Z", body.GetProperty("reset_at").GetString());
        Assert.Contains("2026-12-01T00:00:00Z", error.Message, StringComparison.Ordinal);
        Assert.Equal("2026-12-01T00:00:00Z", Header(error, "x-tokengate-budget-reset"));
    }

    [Fact]
    public void FromRejection_Blocked_Is403WithReasonAndUntilWhen()
    {
        var until = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
        var decision = Rejected(RejectionReason.Blocked, TimeSpan.FromHours(2)) with { BlockedUntil = until, BlockReason = "prompt injection attempts" };

        var error = OpenAIError.FromRejection(decision);

        Assert.Equal(403, error.Status);
        Assert.Equal("permission_error", error.Type);
        Assert.Equal("user_blocked", error.Code);
        Assert.Contains("prompt injection attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-11-28T06:00:00Z", error.Message, StringComparison.Ordinal);
        Assert.Equal("2026-11-28T06:00:00Z", Body(error).GetProperty("blocked_until").GetString());
    }

    [Fact]
    public void FromRejection_DeploymentNotAllowed_Is403()
    {
        var error = OpenAIError.FromRejection(Rejected(RejectionReason.DeploymentNotAllowed, TimeSpan.Zero));

        Assert.Equal((403, "permission_error", "deployment_not_allowed"), (error.Status, error.Type, error.Code));
    }

    [Fact]
    public void FromRejection_QuotaStateUnavailable_Is503WithRetryAfter()
    {
        var error = OpenAIError.FromRejection(Rejected(RejectionReason.QuotaStateUnavailable, TimeSpan.FromSeconds(5)));

        Assert.Equal((503, "server_error", "quota_state_unavailable"), (error.Status, error.Type, error.Code));
        Assert.Equal("5", Header(error, "retry-after"));
    }

    [Fact]
    public void FromRejection_OfAnAdmission_Throws()
        => Assert.Throws<ArgumentException>(() => OpenAIError.FromRejection(new AdmissionDecision(true, RejectionReason.None, default, default, Status)));
}
