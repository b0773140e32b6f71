namespace TokenGate.Core.Admission;

/// <summary>What an admitted, not yet settled call holds, and the periods (user, tenant) it counts to.</summary>
internal readonly record struct OpenReservation(long Id, long Tokens, decimal Cost, int PeriodIndex, int TenantPeriodIndex);
