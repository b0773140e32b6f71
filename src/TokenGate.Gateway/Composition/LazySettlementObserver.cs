using TokenGate.Core.Admission;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// Breaks the construction cycle between the engine (which reports settlements) and the
/// synchronizer (which feeds snapshots back into the engine): resolved on the first settlement.
/// </summary>
internal sealed class LazySettlementObserver(Func<ISettlementObserver> resolve) : ISettlementObserver
{
    private readonly Lazy<ISettlementObserver> _inner = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public void OnSettled(in SettledUsage usage) => _inner.Value.OnSettled(usage);
}
