namespace TokenGate.Core.Entities;

/// <summary>Operation names of <see cref="UserQuotaEntity"/> and <see cref="TenantQuotaEntity"/> for signalling callers.</summary>
public static class QuotaEntityOperations
{
    /// <summary>Input <see cref="SettlementBatch"/>; returns <see cref="SettlementOutcome"/>.</summary>
    public const string SettleBatch = nameof(QuotaAccountEntity<UserQuotaState>.SettleBatch);

    /// <summary>Input <see cref="BlockRequest"/>.</summary>
    public const string Block = nameof(QuotaAccountEntity<UserQuotaState>.Block);

    /// <summary>No input.</summary>
    public const string Unblock = nameof(QuotaAccountEntity<UserQuotaState>.Unblock);

    /// <summary>No input: zeroes the open period's spend.</summary>
    public const string Reset = nameof(QuotaAccountEntity<UserQuotaState>.Reset);

    /// <summary>Input the period string: the monthly close (idempotent).</summary>
    public const string ArchivePeriod = nameof(QuotaAccountEntity<UserQuotaState>.ArchivePeriod);

    /// <summary>No input; returns <see cref="QuotaAccountSummary"/>.</summary>
    public const string GetSummary = nameof(QuotaAccountEntity<UserQuotaState>.GetSummary);

    /// <summary>User entity only. Input <c>PlanOverrides?</c> (null clears).</summary>
    public const string SetOverrides = nameof(UserQuotaEntity.SetOverrides);
}
