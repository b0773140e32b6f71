using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// <see cref="IUsageLedgerStore"/> on Azure Tables (<c>{prefix}UsageLedger</c>). Partition = period + tenant;
/// rows <c>u:{user}</c> hold the totals and rows <c>b:{user}:{batch}</c> mark applied batches. A batch marker
/// and the new totals are written in one transaction with the totals' ETag, so a batch applies exactly once
/// and concurrent adds never lose an update.
/// </summary>
public sealed class TableUsageLedgerStore : IUsageLedgerStore
{
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableUsageLedgerStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "UsageLedger");
    }

    /// <inheritdoc />
    public async Task<UsageAddResult> AddAsync(string tenantId, string userId, string period, string batchId, UsageDelta delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        ArgumentNullException.ThrowIfNull(delta);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(period, tenantId);
        var markerKey = "b" + TableKey.Separator + TableKey.Compose(userId, batchId);
        while (true)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, markerKey, ["RowKey"], cancellationToken).ConfigureAwait(false);
            if (marker.HasValue)
            {
                return UsageAddResult.Duplicate;
            }

            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, RecordKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
            var current = existing.HasValue ? ToRecord(existing.Value!, tenantId, period) : new UsageRecord { TenantId = tenantId, UserId = userId, Period = period };
            var next = current with
            {
                PromptTokens = current.PromptTokens + delta.PromptTokens,
                CompletionTokens = current.CompletionTokens + delta.CompletionTokens,
                Cost = current.Cost + delta.Cost,
                Requests = current.Requests + delta.Requests,
            };
            var row = ToRow(partition, next);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, new TableEntity(partition, markerKey)),
                existing.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, row, existing.Value!.ETag)
                    : new(TableTransactionActionType.Add, row),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return current.Finalised ? UsageAddResult.AppliedAfterFinalised : UsageAddResult.Applied;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // A concurrent add won the race (same batch, or the totals moved): read again.
            }
        }
    }

    /// <inheritdoc />
    public async Task<UsageRecord?> GetAsync(string tenantId, string userId, string period, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(period, tenantId), RecordKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(row.Value!, tenantId, period) : null;
    }

    /// <inheritdoc />
    public async Task<bool> FinaliseAsync(string tenantId, string userId, string period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(period, tenantId);
        while (true)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, RecordKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue)
            {
                if (await TryFinaliseRowAsync(table, existing.Value!, at, cancellationToken).ConfigureAwait(false) is { } done)
                {
                    return done;
                }

                continue;
            }

            try
            {
                var empty = new UsageRecord { TenantId = tenantId, UserId = userId, Period = period, Finalised = true, FinalisedAt = at };
                await table.AddEntityAsync(ToRow(partition, empty), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Created concurrently: finalise that one.
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> FinalisePeriodAsync(string period, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var from = TableKey.Encode(period) + TableKey.Separator;
        var to = TableKey.Encode(period) + (char)(TableKey.Separator + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Finalised eq false");
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var current = row;
            bool? done;
            while ((done = await TryFinaliseRowAsync(table, current, at, cancellationToken).ConfigureAwait(false)) is null)
            {
                current = (await table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }

            count += done.Value ? 1 : 0;
        }

        return count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageRecord>> ListAsync(string tenantId, string period, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(period, tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"u:"} and RowKey lt {"u;"}");
        var records = new List<UsageRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(row, tenantId, period));
        }

        return [.. records.OrderBy(r => r.UserId, StringComparer.Ordinal)];
    }

    // Null = the row changed under us (412): the caller reads it again.
    private static async Task<bool?> TryFinaliseRowAsync(TableClient table, TableEntity row, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (row.GetBoolean("Finalised") == true)
        {
            return false;
        }

        row["Finalised"] = true;
        row["FinalisedAt"] = at;
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    private static string Partition(string period, string tenantId) => TableKey.Compose(period, tenantId);

    private static string RecordKey(string userId) => "u" + TableKey.Separator + TableKey.Encode(userId);

    private static TableEntity ToRow(string partition, UsageRecord record) => new(partition, RecordKey(record.UserId))
    {
        ["UserId"] = record.UserId,
        ["PromptTokens"] = record.PromptTokens,
        ["CompletionTokens"] = record.CompletionTokens,
        ["Cost"] = record.Cost.ToString(CultureInfo.InvariantCulture), // Tables have no decimal type
        ["Requests"] = record.Requests,
        ["Finalised"] = record.Finalised,
        ["FinalisedAt"] = record.FinalisedAt,
    };

    private static UsageRecord ToRecord(TableEntity row, string tenantId, string period) => new()
    {
        TenantId = tenantId,
        UserId = row.GetString("UserId"),
        Period = period,
        PromptTokens = row.GetInt64("PromptTokens") ?? 0,
        CompletionTokens = row.GetInt64("CompletionTokens") ?? 0,
        Cost = decimal.Parse(row.GetString("Cost") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
        Requests = row.GetInt64("Requests") ?? 0,
        Finalised = row.GetBoolean("Finalised") ?? false,
        FinalisedAt = row.GetDateTimeOffset("FinalisedAt"),
    };
}
