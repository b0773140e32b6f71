using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Composition;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Tests.Pipeline;

public class CallerPolicyCacheTests
{
    [Fact]
    public async Task Clear_WhileALookUpIsInFlight_KeepsItsResultOutOfTheCache()
    {
        var time = new FakeTimeProvider();
        var directory = new FakeDirectory { Held = new TaskCompletionSource() };
        var cache = new CallerPolicyCache(
            directory, new PolicyLimitsResolver(new QuotaEngine(time, new QuotaEngineOptions()), new UpstreamPressure()), Options.Create(new GatewayOptions()), time);
        var inFlight = cache.GetAsync("t1", "u1", default).AsTask();

        // An admin change lands while the read (which may predate it) is in flight.
        cache.Clear();
        directory.Held.SetResult();
        Assert.NotNull((await inFlight).Limits);

        directory.Held = null;
        await cache.GetAsync("t1", "u1", default);
        Assert.Equal(2, directory.Reads);

        // Without a change in between, the next read is a cache hit.
        await cache.GetAsync("t1", "u1", default);
        Assert.Equal(2, directory.Reads);
    }
}
