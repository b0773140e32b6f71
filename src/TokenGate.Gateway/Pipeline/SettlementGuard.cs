using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Pipeline;

/// <summary>
/// The single owner of one reservation: the first <see cref="Settle"/> or <see cref="Release"/> wins,
/// later calls do nothing, and <see cref="Dispose"/> releases a reservation nobody settled (an exception path).
/// </summary>
internal sealed class SettlementGuard(IQuotaEngine engine, Reservation reservation) : IDisposable
{
    private int _done;

    public bool IsDone => Volatile.Read(ref _done) != 0;

    /// <summary>The status after settling, or null when this call did nothing.</summary>
    public QuotaStatus? Settle(TokenUsage usage) =>
        Interlocked.Exchange(ref _done, 1) == 0 ? engine.Settle(reservation, usage) : null;

    public bool Release()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        engine.Release(reservation);
        return true;
    }

    public void Dispose() => Release();
}
