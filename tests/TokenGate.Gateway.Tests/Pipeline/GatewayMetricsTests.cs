using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Telemetry;
using static TokenGate.Gateway.Tests.Pipeline.PipelineHarness;

namespace TokenGate.Gateway.Tests.Pipeline;

public class GatewayMetricsTests
{
    [Fact]
    public async Task Handle_RecordsOutcomeRejectionAndTokens_WithoutUserOrTenantTags()
    {
        var h = new PipelineHarness();
        using var requests = new MetricCollector<long>(h.Meters, GatewayMetrics.MeterName, "tokengate.requests");
        using var rejected = new MetricCollector<long>(h.Meters, GatewayMetrics.MeterName, "tokengate.requests.rejected");
        using var tokens = new MetricCollector<long>(h.Meters, GatewayMetrics.MeterName, "tokengate.tokens.consumed");

        await h.SendAsync(h.Context(ChatBody()));
        h.Engine.Rejection = new AdmissionDecision(false, RejectionReason.TokenRate, TimeSpan.FromSeconds(5), default, FakeEngine.Status);
        await h.SendAsync(h.Context(ChatBody()));

        Assert.Equal(["success", "rejected"], requests.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.Equal("TokenRate", (string)Assert.Single(rejected.GetMeasurementSnapshot()).Tags["reason"]!);
        Assert.Equal(10, tokens.GetMeasurementSnapshot().EvaluateAsCounter());
        var allTags = requests.GetMeasurementSnapshot().Concat(rejected.GetMeasurementSnapshot()).Concat(tokens.GetMeasurementSnapshot()).SelectMany(m => m.Tags.Keys);
        Assert.DoesNotContain(allTags, k => k is "user" or "userId" or "tenant" or "tenantId" or "keyId");
    }
}
