using TokenGate.Core.Admission;
using TokenGate.Gateway.Quota;

namespace TokenGate.Gateway.Tests.Quota;

/// <summary>
/// Models the engine side of the contract: used = last snapshot + settled-but-unacknowledged; admits
/// only while that stays within the limit. Records every call it receives.
/// </summary>
internal sealed class EngineViewDouble : IQuotaSnapshotTarget
{
    private readonly Dictionary<(string, string), (QuotaSnapshot? Snapshot, long Unacked, decimal UnackedCost)> _users = [];
    private readonly Dictionary<string, (QuotaSnapshot? Snapshot, long Unacked)> _tenants = [];

    public ISettlementObserver? Observer { get; set; }

    public List<(string Tenant, string User, QuotaSnapshot Snapshot, long AckTokens, decimal AckCost)> UserSnapshots { get; } = [];

    public List<(string Tenant, QuotaSnapshot Snapshot, long AckTokens, decimal AckCost)> TenantSnapshots { get; } = [];

    public List<DateTimeOffset> Synchronized { get; } = [];

    /// <summary>Set when an acknowledgement exceeded what was settled and not yet acknowledged.</summary>
    public bool OverAcknowledged { get; private set; }

    public long Unacknowledged(string tenant, string user) => _users.GetValueOrDefault((tenant, user)).Unacked;

    public long TenantUnacknowledged(string tenant) => _tenants.GetValueOrDefault(tenant).Unacked;

    public QuotaSnapshot? Snapshot(string tenant, string user) => _users.GetValueOrDefault((tenant, user)).Snapshot;

    public long Used(string tenant, string user, string period)
    {
        var view = _users.GetValueOrDefault((tenant, user));
        return (view.Snapshot?.Period == period ? view.Snapshot.TokensSpent : 0) + view.Unacked;
    }

    public void Settle(string tenant, string user, int tokens, string period, DateTimeOffset at, decimal cost = 0m)
    {
        var view = _users.GetValueOrDefault((tenant, user));
        _users[(tenant, user)] = (view.Snapshot, view.Unacked + tokens, view.UnackedCost + cost);
        var tenantView = _tenants.GetValueOrDefault(tenant);
        _tenants[tenant] = (tenantView.Snapshot, tenantView.Unacked + tokens);
        Observer!.OnSettled(new SettledUsage(tenant, user, "gpt-4o", period, new TokenUsage(tokens, 0), cost, at));
    }

    /// <summary>Admits (and settles at once) when the view leaves room for <paramref name="tokens"/>.</summary>
    public bool TryAdmit(string tenant, string user, int tokens, long limit, string period, DateTimeOffset at)
    {
        if (Used(tenant, user, period) + tokens > limit)
        {
            return false;
        }

        Settle(tenant, user, tokens, period, at);
        return true;
    }

    public void ApplySnapshot(string tenantId, string userId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost)
    {
        var view = _users.GetValueOrDefault((tenantId, userId));
        OverAcknowledged |= acknowledgedTokens > view.Unacked || acknowledgedCost > view.UnackedCost;
        _users[(tenantId, userId)] = (snapshot, view.Unacked - acknowledgedTokens, view.UnackedCost - acknowledgedCost);
        UserSnapshots.Add((tenantId, userId, snapshot, acknowledgedTokens, acknowledgedCost));
    }

    public void ApplyTenantSnapshot(string tenantId, QuotaSnapshot snapshot, long acknowledgedTokens, decimal acknowledgedCost)
    {
        var view = _tenants.GetValueOrDefault(tenantId);
        OverAcknowledged |= acknowledgedTokens > view.Unacked;
        _tenants[tenantId] = (snapshot, view.Unacked - acknowledgedTokens);
        TenantSnapshots.Add((tenantId, snapshot, acknowledgedTokens, acknowledgedCost));
    }

    public void MarkSynchronized(DateTimeOffset at) => Synchronized.Add(at);
}
