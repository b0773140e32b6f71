namespace TokenGate.Core.Admission;

/// <summary>One settled call, as the engine reports it to its <see cref="ISettlementObserver"/>.</summary>
public readonly record struct SettledUsage(
    string TenantId,
    string UserId,
    string Model,
    string Period,
    TokenUsage Usage,
    decimal Cost,
    DateTimeOffset At);
