using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public class SingleFlightTests
{
    [Fact]
    public async Task Run_AfterALookUpFails_TheNextCallerStartsAFreshOne_AndNothingStaysInFlight()
    {
        var flight = new SingleFlight<string, int>();
        var calls = 0;
        var failing = flight.RunAsync("k", _ =>
        {
            calls++;
            return Task.FromException<int>(new IOException("store down"));
        });

        await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal(0, flight.Count);
        Assert.Equal(7, await flight.RunAsync("k", _ => Task.FromResult(++calls == 2 ? 7 : -1)));
        Assert.Equal(2, calls);
        Assert.Equal(0, flight.Count);
    }

    [Fact]
    public async Task Run_DifferentKeys_AreNotShared_AndALookUpNobodyAwaitsIsStillForgottenWhenItFails()
    {
        var flight = new SingleFlight<string, string>();
        var a = new TaskCompletionSource<string>();
        var b = new TaskCompletionSource<string>();

        var first = flight.RunAsync("a", _ => a.Task);
        var second = flight.RunAsync("b", _ => b.Task);
        Assert.Same(first, flight.RunAsync("a", _ => throw new InvalidOperationException("a second load for a key in flight")));
        Assert.Equal(2, flight.Count);

        // Every caller of "b" gave up (its deadline passed); the look-up fails later and leaves nothing behind.
        b.SetException(new TimeoutException());
        a.SetResult("A");
        Assert.Equal("A", await first);
        Assert.True(second.IsFaulted);
        Assert.Equal(0, flight.Count);
    }
}
