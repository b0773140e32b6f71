using System.Text.Json;
using Azure.Data.Tables;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// <see cref="IDirectoryStore"/> on Azure Tables. Each record is one row holding its JSON
/// (<c>{prefix}Plans</c>: one partition; <c>{prefix}Tenants</c>: partition per tenant;
/// <c>{prefix}Users</c>: partition per tenant, row per user). A put replaces the whole record.
/// </summary>
public sealed class TableDirectoryStore : IDirectoryStore
{
    private const string PlanPartition = "plan";
    private const string JsonColumn = "Json";
    private readonly LazyTable _plans;
    private readonly LazyTable _tenants;
    private readonly LazyTable _users;

    /// <summary>Creates the store; its tables are created on first use.</summary>
    public TableDirectoryStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _plans = new LazyTable(service, tablePrefix + "Plans");
        _tenants = new LazyTable(service, tablePrefix + "Tenants");
        _users = new LazyTable(service, tablePrefix + "Users");
    }

    /// <inheritdoc />
    public async Task<PlanDefinition?> GetPlanAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var plan = await GetAsync<PlanDefinition>(_plans, PlanPartition, TableKey.Encode(name), cancellationToken).ConfigureAwait(false);
        return plan is null ? null : PlanPrices.CaseInsensitive(plan);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PlanDefinition>> ListPlansAsync(CancellationToken cancellationToken)
    {
        var table = await _plans.GetAsync(cancellationToken).ConfigureAwait(false);
        var plans = new List<PlanDefinition>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == PlanPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            plans.Add(PlanPrices.CaseInsensitive(Deserialize<PlanDefinition>(row)));
        }

        return [.. plans.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Task PutPlanAsync(PlanDefinition plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PutAsync(_plans, PlanPartition, TableKey.Encode(plan.Name), plan, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TenantDefinition?> GetTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return GetAsync<TenantDefinition>(_tenants, TableKey.Encode(tenantId), string.Empty, cancellationToken);
    }

    /// <inheritdoc />
    public Task PutTenantAsync(TenantDefinition tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return PutAsync(_tenants, TableKey.Encode(tenant.TenantId), string.Empty, tenant, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserDefinition?> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        return GetAsync<UserDefinition>(_users, TableKey.Encode(tenantId), TableKey.Encode(userId), cancellationToken);
    }

    /// <inheritdoc />
    public Task PutUserAsync(UserDefinition user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PutAsync(_users, TableKey.Encode(user.TenantId), TableKey.Encode(user.UserId), user, cancellationToken);
    }

    private static async Task<T?> GetAsync<T>(LazyTable lazy, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class
    {
        var table = await lazy.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Deserialize<T>(row.Value!) : null;
    }

    private static async Task PutAsync<T>(LazyTable lazy, string partitionKey, string rowKey, T value, CancellationToken cancellationToken)
    {
        var table = await lazy.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(partitionKey, rowKey);
        LargeStringColumns.Write(row, JsonColumn, JsonSerializer.Serialize(value, StorageJson.Options));
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static T Deserialize<T>(TableEntity row) =>
        JsonSerializer.Deserialize<T>(LargeStringColumns.Read(row, JsonColumn) ?? "null", StorageJson.Options)
        ?? throw new InvalidDataException($"Row {row.PartitionKey}/{row.RowKey} holds no {typeof(T).Name}.");
}
