using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TokenGate.Core.Screening.Training;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Screening;

/// <summary>
/// <see cref="IScreeningModelStore"/> on Azure Tables (<c>{prefix}ScreeningModels</c>): one row per model
/// (partition "model", row = version, the file in 60,000-byte binary columns — a 256 KiB model is one
/// row, written atomically), a "latest" pointer row updated with ETag concurrency, one row per run.
/// </summary>
public sealed class TableScreeningModelStore : IScreeningModelStore
{
    private const string ModelPartition = "model";
    private const string RunPartition = "run";
    private const string PointerPartition = "latest";
    private const string PointerRow = "model";
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15; // a table row holds at most 1 MiB
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableScreeningModelStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "ScreeningModels");
    }

    /// <inheritdoc />
    public async Task SaveModelAsync(ScreeningModelDescriptor descriptor, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            throw new ArgumentException($"A model file of {bytes.Length} bytes does not fit in one table row.", nameof(bytes));
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = Describe(new TableEntity(ModelPartition, TableKey.Encode(descriptor.Version)), descriptor);
        row["Chunks"] = chunks;
        row["Length"] = bytes.Length;
        for (var i = 0; i < chunks; i++)
        {
            row["Bytes_" + i] = bytes.Slice(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await AdvancePointerAsync(table, descriptor, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ScreeningModelDescriptor?> GetLatestModelAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(PointerPartition, PointerRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return pointer.HasValue ? ReadDescriptor(pointer.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetModelBytesAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(ModelPartition, TableKey.Encode(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        var length = row.GetInt32("Length") ?? 0;
        var chunks = row.GetInt32("Chunks") ?? 0;
        var bytes = new byte[length];
        var offset = 0;
        for (var i = 0; i < chunks; i++)
        {
            var chunk = row.GetBinary("Bytes_" + i) ?? [];
            var take = Math.Min(chunk.Length, length - offset);
            chunk.AsSpan(0, take).CopyTo(bytes.AsSpan(offset));
            offset += take;
        }

        // A torn or edited row yields fewer bytes than promised: the caller's TryLoad then refuses it.
        return offset == length ? bytes : bytes[..offset];
    }

    /// <inheritdoc />
    public async Task SaveRunAsync(RetrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(RunPartition, TableKey.Encode(run.Id))
        {
            ["Run"] = JsonSerializer.Serialize(run, StoredJson.Options),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RetrainingRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(RunPartition, TableKey.Encode(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value!.GetString("Run") is { } json ? JsonSerializer.Deserialize<RetrainingRun>(json, StoredJson.Options) : null;
    }

    // Two instances may finish runs at once: the pointer only ever moves to a newer model.
    private static async Task AdvancePointerAsync(TableClient table, ScreeningModelDescriptor descriptor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(PointerPartition, PointerRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && !ScreeningModelOrder.IsNewer(descriptor, ReadDescriptor(existing.Value!)))
            {
                return;
            }

            var pointer = Describe(new TableEntity(PointerPartition, PointerRow), descriptor);
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(pointer, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(pointer, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone else moved the pointer first: read it again and compare.
            }
        }
    }

    private static TableEntity Describe(TableEntity row, ScreeningModelDescriptor descriptor)
    {
        row["Version"] = descriptor.Version;
        row["Hash"] = descriptor.Hash;
        row["TrainedAt"] = descriptor.TrainedAt;
        row["RunId"] = descriptor.RunId;
        row["ReviewedCount"] = descriptor.ReviewedCount;
        row["Metrics"] = descriptor.Metrics is null ? null : JsonSerializer.Serialize(descriptor.Metrics, StoredJson.Options);
        return row;
    }

    private static ScreeningModelDescriptor ReadDescriptor(TableEntity row) => new()
    {
        Version = row.GetString("Version") ?? string.Empty,
        Hash = row.GetString("Hash") ?? string.Empty,
        Source = ScreeningModelSource.Stored,
        TrainedAt = row.GetDateTimeOffset("TrainedAt"),
        RunId = row.GetString("RunId"),
        ReviewedCount = row.GetInt32("ReviewedCount") ?? 0,
        Metrics = row.GetString("Metrics") is { } json ? JsonSerializer.Deserialize<BinaryMetrics>(json, StoredJson.Options) : null,
    };
}
