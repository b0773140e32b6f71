namespace TokenGate.Core.Entities;

/// <summary>State of <see cref="TenantQuotaEntity"/>: the tenant-wide spend (budgets live in the directory).</summary>
public sealed class TenantQuotaState : QuotaAccountState;
