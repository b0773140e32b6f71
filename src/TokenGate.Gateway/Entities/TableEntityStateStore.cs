using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Entities;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// <see cref="IEntityStateStore"/> on Azure Tables (<c>{prefix}EntityState</c>): partition = entity name,
/// row = entity key, state JSON split across properties when it exceeds one property's 64 KiB
/// (up to <see cref="LargeStringColumns.MaxLength"/> characters; larger states fail the operation with a clear error).
/// The version is the row's ETag, so two processes never overwrite each other's state.
/// </summary>
public sealed class TableEntityStateStore : IEntityStateStore
{
    private const string StateColumn = "State";
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableEntityStateStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "EntityState");
    }

    /// <inheritdoc />
    public async Task<EntityStateEntry?> GetAsync(EntityInstanceId id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(id), TableKey.Encode(id.Key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToEntry(row.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<string?> SaveAsync(EntityInstanceId id, string? state, string? expectedVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = Partition(id);
        var rowKey = TableKey.Encode(id.Key);
        try
        {
            if (state is null)
            {
                if (expectedVersion is not null)
                {
                    await table.DeleteEntityAsync(partition, rowKey, new ETag(expectedVersion), cancellationToken).ConfigureAwait(false);
                }

                return null;
            }

            var row = new TableEntity(partition, rowKey) { ["Name"] = id.Name, ["Key"] = id.Key, ["LastModified"] = at };
            LargeStringColumns.Write(row, StateColumn, state);
            var response = expectedVersion is null
                ? await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new EntityStateConflictException($"Entity {id} changed since it was read.", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EntityStateEntry> ListAsync(string? namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        string? filter = null;
        if (!string.IsNullOrEmpty(namePrefix))
        {
            var from = TableKey.Encode(namePrefix.ToLowerInvariant());
            var to = from[..^1] + (char)(from[^1] + 1);
            filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        }

        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToEntry(row);
        }
    }

    private static string Partition(EntityInstanceId id) => TableKey.Encode(id.Name.ToLowerInvariant());

    private static EntityStateEntry ToEntry(TableEntity row) => new(
        new EntityInstanceId(row.GetString("Name"), row.GetString("Key")),
        LargeStringColumns.Read(row, StateColumn) ?? "null",
        row.ETag.ToString(),
        row.GetDateTimeOffset("LastModified") ?? DateTimeOffset.MinValue);
}
