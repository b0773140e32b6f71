using System.Text.Json;
using Azure.Data.Tables;
using TokenGate.Core.Detection;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// <see cref="IBehaviourStateStore"/> on Azure Tables (<c>{prefix}BehaviourState</c>): partition = tenant,
/// row = user, the whole <see cref="UserBehaviourSnapshot"/> as JSON in <c>Snapshot</c> (split past 64 KiB).
/// Unknown JSON properties are ignored and missing optional ones take their defaults, so rows written by an
/// older or newer build still load; a row that does not load at all counts as absent and is replaced on the next save.
/// </summary>
public sealed class TableBehaviourStateStore : IBehaviourStateStore
{
    /// <summary>Table name after the prefix.</summary>
    public const string TableName = "BehaviourState";

    /// <summary>Most operations in one table transaction (a service limit).</summary>
    public const int MaxTransactionActions = 100;

    // A transaction request may hold 4 MiB; JSON escaping inside the OData body can double a character.
    private const long MaxTransactionChars = 1_500_000;
    private const string Column = "Snapshot";
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableBehaviourStateStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + TableName);
    }

    /// <inheritdoc />
    public async Task<UserBehaviourSnapshot?> GetAsync(string tenantId, string userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(userId);
        var table = await _table.GetAsync(ct).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(tenantId), TableKey.Encode(userId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? Parse(LargeStringColumns.Read(row.Value!, Column)) : null;
    }

    /// <inheritdoc />
    public async Task SaveAsync(string tenantId, UserBehaviourSnapshot snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(snapshot);
        var table = await _table.GetAsync(ct).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToRow(tenantId, snapshot), TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveManyAsync(string tenantId, IReadOnlyList<UserBehaviourSnapshot> snapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(snapshots);
        var failures = new List<Exception>();
        var rows = new List<(TableEntity Row, long Chars)>(snapshots.Count);
        foreach (var snapshot in snapshots.DistinctBy(s => s.UserId, StringComparer.Ordinal))
        {
            try
            {
                var row = ToRow(tenantId, snapshot);
                rows.Add((row, LargeStringColumns.Read(row, Column)!.Length));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or JsonException)
            {
                // One snapshot that cannot be written must not hold back the others.
                failures.Add(ex);
            }
        }

        var table = await _table.GetAsync(ct).ConfigureAwait(false);
        foreach (var chunk in Chunks(rows))
        {
            if (chunk.Count == 1)
            {
                await UpsertAsync(table, chunk[0], failures, ct).ConfigureAwait(false);
                continue;
            }

            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException)
            {
                // The transaction is all or nothing: retry row by row so one bad row fails alone.
                foreach (var row in chunk)
                {
                    await UpsertAsync(table, row, failures, ct).ConfigureAwait(false);
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} of {snapshots.Count} behaviour snapshots of a tenant could not be saved.", failures);
        }
    }

    private static async Task UpsertAsync(TableClient table, TableEntity row, List<Exception> failures, CancellationToken ct)
    {
        try
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            failures.Add(ex);
        }
    }

    private static IEnumerable<List<TableEntity>> Chunks(List<(TableEntity Row, long Chars)> rows)
    {
        var chunk = new List<TableEntity>();
        long chars = 0;
        foreach (var (row, size) in rows)
        {
            if (chunk.Count > 0 && (chunk.Count == MaxTransactionActions || chars + size > MaxTransactionChars))
            {
                yield return chunk;
                chunk = [];
                chars = 0;
            }

            chunk.Add(row);
            chars += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static TableEntity ToRow(string tenantId, UserBehaviourSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot.UserId);
        var row = new TableEntity(TableKey.Encode(tenantId), TableKey.Encode(snapshot.UserId))
        {
            ["LastSeen"] = snapshot.LastSeen,
        };
        LargeStringColumns.Write(row, Column, JsonSerializer.Serialize(snapshot, StorageJson.Options));
        return row;
    }

    private static UserBehaviourSnapshot? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var snapshot = JsonSerializer.Deserialize<UserBehaviourSnapshot>(json, StorageJson.Options);

            // The positional members are what every build relies on; without them the row is unusable.
            return snapshot is { UserId: not null, Minutes.Values: not null, TenMinutes.Values: not null } ? snapshot : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
