using System.Text;
using Azure.Messaging.EventHubs;
using Microsoft.Extensions.Logging.Abstractions;
using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Gateway.EventHubs;

namespace TokenGate.Gateway.Tests.EventHubs;

public sealed class UsageEventDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_EventsAsTheTriggerDeliversThem_RoundTripsEveryField()
    {
        var original = new UsageEvent
        {
            Kind = UsageEventKind.Rejected,
            Time = Now,
            RequestId = "req-1",
            TenantId = "contoso",
            UserId = "alice",
            KeyId = "k1",
            ClientIpHash = "h",
            Deployment = "gpt-4o",
            Model = "gpt-4o",
            Status = 429,
            Rejection = RejectionReason.TokenRate,
            PromptTokens = 12,
            TokensEstimated = true,
            ScreeningReasons = ["instruction-override"],
            PromptSimHash = ulong.MaxValue,
            PromptLength = 300,
        };

        var decoded = new UsageEventDecoder(NullLogger<UsageEventDecoder>.Instance).Decode([Delivered(UsageEventJson.Serialize(original), 1)]);

        var single = Assert.Single(decoded);
        Assert.Equal(original with { ScreeningReasons = null }, single with { ScreeningReasons = null });
        Assert.Equal(original.ScreeningReasons, single.ScreeningReasons);
    }

    [Fact]
    public void Decode_WhenAMessageIsMalformed_SkipsItAndKeepsTheRest()
    {
        var good = UsageEventJson.Serialize(new UsageEvent { Kind = UsageEventKind.Completed, Time = Now, RequestId = "ok" });
        var batch = new[]
        {
            Delivered(Encoding.UTF8.GetBytes("{not json"), 1),
            Delivered(good, 2),
            Delivered(Encoding.UTF8.GetBytes("""{"schemaVersion":99,"kind":"Completed","time":"2026-11-28T00:00:00Z","requestId":"future"}"""), 3),
            Delivered(Encoding.UTF8.GetBytes("""{"kind":"Completed"}"""), 4),
        };

        var decoded = new UsageEventDecoder(NullLogger<UsageEventDecoder>.Instance).Decode(batch);

        Assert.Equal("ok", Assert.Single(decoded).RequestId);
    }

    [Fact]
    public void Serialize_WritesEnumsAsStringsAndOmitsNulls()
    {
        var json = Encoding.UTF8.GetString(UsageEventJson.Serialize(new UsageEvent { Kind = UsageEventKind.AuthenticationFailed, Time = Now, RequestId = "r" }));

        Assert.Contains("\"kind\":\"AuthenticationFailed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schemaVersion\":1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("userId", json, StringComparison.Ordinal);
    }

    private static EventData Delivered(byte[] body, long sequenceNumber) =>
        EventHubsModelFactory.EventData(new BinaryData(body), null, null, "contoso/alice", sequenceNumber, (sequenceNumber * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), Now);
}
