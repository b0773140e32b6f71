namespace TokenGate.Core.Admission;

/// <summary>
/// Told about every settlement the engine applies locally, so it can be coalesced and sent to the
/// user's entity. Called inside the hot path: must not block or throw.
/// </summary>
public interface ISettlementObserver
{
    void OnSettled(in SettledUsage usage);
}
