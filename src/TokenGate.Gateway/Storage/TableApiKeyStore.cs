using Azure;
using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary><see cref="IApiKeyStore"/> on Azure Tables: one partition per key id (row key empty), hashes only.</summary>
public sealed class TableApiKeyStore : IApiKeyStore
{
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table <c>{prefix}ApiKeys</c> is created on first use.</summary>
    public TableApiKeyStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "ApiKeys");
    }

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(keyId), string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRecord(keyId, row.Value!) : null;
    }

    /// <inheritdoc />
    /// <exception cref="StoreConflictException">A key with this id exists.</exception>
    public async Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(TableKey.Encode(record.KeyId), string.Empty)
        {
            ["TenantId"] = record.TenantId,
            ["UserId"] = record.UserId,
            ["SecretHash"] = record.SecretHash,
            ["CreatedAt"] = record.CreatedAt,
            ["RevokedAt"] = record.RevokedAt,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StoreConflictException($"An API key with id '{record.KeyId}' already exists.", ex);
        }
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(keyId), string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return false;
            }

            var entity = row.Value!;
            if (entity.GetDateTimeOffset("RevokedAt") is not null)
            {
                return true; // the first revocation time is the one that counts
            }

            entity["RevokedAt"] = at;
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Changed or deleted since we read it: read again.
            }
        }
    }

    private static ApiKeyRecord ToRecord(string keyId, TableEntity row) => new()
    {
        KeyId = keyId,
        TenantId = row.GetString("TenantId"),
        UserId = row.GetString("UserId"),
        SecretHash = row.GetBinary("SecretHash"),
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        RevokedAt = row.GetDateTimeOffset("RevokedAt"),
    };
}
