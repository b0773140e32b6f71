using TokenGate.Core.Entities;
using TokenGate.Testing.Entities;

namespace TokenGate.Core.Tests.Entities;

internal static class QuotaEntityTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    public static SettlementBatch Batch(string source, long sequence, long tokens = 100, string period = "2026-11", decimal? cost = null, DateTimeOffset? at = null, long confirmedThrough = 0) =>
        new(source, sequence, period, tokens, cost ?? tokens / 1000m, 1, at ?? Start, confirmedThrough);

    public static EntityHarness<UserQuotaEntity> NewUser(string tenant = "t1", string user = "u1") =>
        new(UserQuotaEntity.IdFor(tenant, user));

    public static Task<SettlementOutcome> SettleAsync(this EntityHarness<UserQuotaEntity> entity, SettlementBatch batch) =>
        entity.RunAsync<SettlementOutcome>(QuotaEntityOperations.SettleBatch, batch);

    public static UserQuotaState State(this EntityHarness<UserQuotaEntity> entity) =>
        entity.GetState<UserQuotaState>() ?? throw new InvalidOperationException("no state");
}
