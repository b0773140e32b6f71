using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary><see cref="ILabelledExampleStore"/> on Azure Tables (<c>{prefix}LabelledExamples</c>, one partition, row per id).</summary>
public sealed class TableLabelledExampleStore : ILabelledExampleStore
{
    private const string Partition = "example";
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableLabelledExampleStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "LabelledExamples");
    }

    /// <inheritdoc />
    public async Task AddAsync(LabelledExample example, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ExampleRules.EnsureValid(example);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(Partition, TableKey.Encode(example.Id))
        {
            ["Id"] = example.Id,
            ["Label"] = example.Label,
            ["SourceIncidentId"] = example.SourceIncidentId,
            ["CreatedAt"] = example.CreatedAt,
        };
        LargeStringColumns.Write(row, "Text", example.Text);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabelledExample>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var examples = new List<LabelledExample>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            examples.Add(new LabelledExample
            {
                Id = row.GetString("Id"),
                Text = LargeStringColumns.Read(row, "Text") ?? string.Empty,
                Label = row.GetInt32("Label") ?? 0,
                SourceIncidentId = row.GetString("SourceIncidentId"),
                CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            });
        }

        return ExampleRules.Order(examples);
    }
}
