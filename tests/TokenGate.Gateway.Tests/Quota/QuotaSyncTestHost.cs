using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Entities;
using TokenGate.Gateway.Quota;
using TokenGate.Testing.Entities;

namespace TokenGate.Gateway.Tests.Quota;

/// <summary>One shared in-memory entity backend and any number of gateway "instances" on it.</summary>
internal sealed class QuotaSyncTestHost
{
    public const string Period = "2026-11";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));

    public InMemoryEntityClient Entities { get; } = new InMemoryEntityClient()
        .Register<UserQuotaEntity>(UserQuotaEntity.EntityName)
        .Register<TenantQuotaEntity>(TenantQuotaEntity.EntityName);

    public InMemoryDurableTaskClient Client => new(Entities);

    public QuotaSyncOptions Options { get; } = new();

    public (QuotaSynchronizer Sync, EngineViewDouble Engine) NewInstance(string sourceId)
    {
        var engine = new EngineViewDouble();
        var options = new QuotaSyncOptions
        {
            SourceId = sourceId,
            FlushInterval = Options.FlushInterval,
            RefreshInterval = Options.RefreshInterval,
            ResendInterval = Options.ResendInterval,
            ActiveAccountTtl = Options.ActiveAccountTtl,
        };
        var sync = new QuotaSynchronizer(Client, engine, Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<QuotaSynchronizer>.Instance);
        engine.Observer = sync;
        return (sync, engine);
    }

    public UserQuotaState? User(string tenant, string user) => Entities.GetState<UserQuotaState>(UserQuotaEntity.IdFor(tenant, user));

    public TenantQuotaState? Tenant(string tenant) => Entities.GetState<TenantQuotaState>(TenantQuotaEntity.IdFor(tenant));
}
