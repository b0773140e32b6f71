using System.Collections.Concurrent;
using TokenGate.Core.Admission;
using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests;

/// <summary>Admits everything and records how each reservation ended (settled with what, or released), and how often.</summary>
public sealed class RecordingQuotaEngine : IQuotaEngine
{
    private long _nextId;

    public ConcurrentDictionary<long, int> Admitted { get; } = new();

    public ConcurrentQueue<(long Id, TokenUsage? Usage)> Endings { get; } = new();

    public AdmissionDecision TryAdmit(AdmissionRequest request, ResolvedLimits limits)
    {
        var id = Interlocked.Increment(ref _nextId);
        Admitted[id] = 0;
        return new AdmissionDecision(true, RejectionReason.None, TimeSpan.Zero, new Reservation(request.TenantId, request.UserId, request.Model, id, 100, 0, DateTimeOffset.UnixEpoch), default);
    }

    public QuotaStatus Settle(Reservation reservation, TokenUsage actual)
    {
        Endings.Enqueue((reservation.Id, actual));
        return default;
    }

    public void Release(Reservation reservation) => Endings.Enqueue((reservation.Id, null));

    public QuotaStatus GetStatus(string tenantId, string userId, ResolvedLimits limits) => default;

    /// <summary>Waits (bounded) until <paramref name="count"/> reservations have ended; the server finishes aborted calls on its own schedule.</summary>
    public async Task WaitForEndingsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (Endings.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
