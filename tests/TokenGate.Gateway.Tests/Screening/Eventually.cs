namespace TokenGate.Gateway.Tests.Screening;

/// <summary>Waits for background work (not for time): yields until the condition holds, failing after a generous bound.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            bound.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
