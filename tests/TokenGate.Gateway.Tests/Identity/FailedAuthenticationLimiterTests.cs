using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Gateway.Identity;

namespace TokenGate.Gateway.Tests.Identity;

public class FailedAuthenticationLimiterTests
{
    private static (FailedAuthenticationLimiter Limiter, FakeTimeProvider Time) Create(int maxFailures = 2, int maxClients = 16)
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new IdentityOptions { MaxFailuresPerClient = maxFailures, MaxTrackedClients = maxClients });
        return (new FailedAuthenticationLimiter(options, time), time);
    }

    [Fact]
    public void IsAllowed_AfterMaxFailures_RefusesThatClientOnly()
    {
        var (limiter, _) = Create();
        limiter.RecordFailure("1.1.1.1", null);
        limiter.RecordFailure("1.1.1.1", null);

        Assert.False(limiter.IsAllowed("1.1.1.1"));
        Assert.True(limiter.IsAllowed("2.2.2.2"));
    }

    [Fact]
    public void IsAllowed_AfterWindowPasses_AllowsAgain()
    {
        var (limiter, time) = Create();
        limiter.RecordFailure("1.1.1.1", null);
        limiter.RecordFailure("1.1.1.1", null);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(limiter.IsAllowed("1.1.1.1"));
    }

    [Fact]
    public void RecordFailure_BeyondTrackedClients_SharesOverflowCounterAndStaysBounded()
    {
        var (limiter, _) = Create(maxFailures: 3, maxClients: 16);
        for (var i = 0; i < 16; i++)
        {
            limiter.RecordFailure("10.0.0." + i, null);
        }

        for (var i = 0; i < 3; i++)
        {
            limiter.RecordFailure("192.168.0." + i, null);
        }

        Assert.False(limiter.IsAllowed("192.168.0.200"));
        Assert.True(limiter.IsAllowed("10.0.0.1"));
    }

    [Fact]
    public void RecordFailure_WithKeyId_CountsPerKeyAcrossClientsWithoutThrottlingTheKey()
    {
        var (limiter, time) = Create(maxFailures: 5);
        limiter.RecordFailure("1.1.1.1", "0123456789abcdef");
        limiter.RecordFailure("2.2.2.2", "0123456789abcdef");
        limiter.RecordFailure("3.3.3.3", null);

        Assert.Equal(2, limiter.FailuresForKey("0123456789abcdef"));
        Assert.Equal(0, limiter.FailuresForKey("fedcba9876543210"));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, limiter.FailuresForKey("0123456789abcdef"));
    }
}
