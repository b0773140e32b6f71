using Azure;
using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// <see cref="IIncidentStore"/> on Azure Tables (<c>{prefix}Incidents</c>, one partition: the review queue is small).
/// Rows <c>i:{id}</c> hold incidents, rows <c>d:{dedupeKey}</c> point at them; both are added in one
/// transaction, so two detectors racing on one dedupe key create one incident. Verdicts use ETags.
/// </summary>
public sealed class TableIncidentStore : IIncidentStore
{
    private const string Partition = "incident";
    private readonly LazyTable _table;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public TableIncidentStore(TableServiceClient service, string tablePrefix = TokenGateStorageOptions.DefaultTablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = new LazyTable(service, tablePrefix + "Incidents");
    }

    /// <inheritdoc />
    public async Task<IncidentCreateResult> CreateAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var dedupeKey = DedupeKey(incident.DedupeKey);
        while (true)
        {
            if (await FindByDedupeKeyAsync(table, dedupeKey, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return new IncidentCreateResult(existing, false);
            }

            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, new TableEntity(Partition, dedupeKey) { ["IncidentId"] = incident.Id }),
                new(TableTransactionActionType.Add, ToRow(incident)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return new IncidentCreateResult(incident, true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                if (!(await table.GetEntityIfExistsAsync<TableEntity>(Partition, dedupeKey, ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue)
                {
                    throw new StoreConflictException($"An incident with id '{incident.Id}' already exists.", ex);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, IncidentKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToIncident(row.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"i:"} and RowKey lt {"i;"}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (query.TenantId is { } tenant)
        {
            filter += " and " + TableClient.CreateQueryFilter($"TenantId eq {tenant}");
        }

        if (query.Detector is { } detector)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Detector eq {detector}");
        }

        var incidents = new List<Incident>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            incidents.Add(ToIncident(row));
        }

        return IncidentOrder.Apply(incidents, query.Limit);
    }

    /// <inheritdoc />
    public async Task<Incident?> SetVerdictAsync(string id, IncidentStatus verdict, string? note, string? reviewer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        IncidentOrder.EnsureVerdict(verdict);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, IncidentKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return null;
            }

            var updated = ToIncident(row.Value!) with { Status = verdict, ReviewerNote = note, Reviewer = reviewer, VerdictAt = at };
            try
            {
                await table.UpdateEntityAsync(ToRow(updated), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Another reviewer wrote in between: apply ours on top of theirs.
            }
        }
    }

    private static async Task<Incident?> FindByDedupeKeyAsync(TableClient table, string dedupeKey, CancellationToken cancellationToken)
    {
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(Partition, dedupeKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!pointer.HasValue)
        {
            return null;
        }

        var row = await table.GetEntityAsync<TableEntity>(Partition, IncidentKey(pointer.Value!.GetString("IncidentId")), cancellationToken: cancellationToken).ConfigureAwait(false);
        return ToIncident(row.Value);
    }

    private static string IncidentKey(string id) => "i" + TableKey.Separator + TableKey.Encode(id);

    private static string DedupeKey(string key) => "d" + TableKey.Separator + TableKey.Encode(key);

    private static TableEntity ToRow(Incident incident)
    {
        var row = new TableEntity(Partition, IncidentKey(incident.Id))
        {
            ["Id"] = incident.Id,
            ["DedupeKey"] = incident.DedupeKey,
            ["CreatedAt"] = incident.CreatedAt,
            ["TenantId"] = incident.TenantId,
            ["UserId"] = incident.UserId,
            ["Detector"] = incident.Detector,
            ["Severity"] = incident.Severity.ToString(),
            ["Status"] = incident.Status.ToString(),
            ["ReviewerNote"] = incident.ReviewerNote,
            ["Reviewer"] = incident.Reviewer,
            ["VerdictAt"] = incident.VerdictAt,
        };
        LargeStringColumns.Write(row, "Summary", incident.Summary);
        LargeStringColumns.Write(row, "Evidence", incident.EvidenceJson);
        if (incident.ReviewText is not null)
        {
            LargeStringColumns.Write(row, "ReviewText", incident.ReviewText);
        }
        return row;
    }

    private static Incident ToIncident(TableEntity row) => new()
    {
        Id = row.GetString("Id"),
        DedupeKey = row.GetString("DedupeKey"),
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        TenantId = row.GetString("TenantId"),
        UserId = row.GetString("UserId"),
        Detector = row.GetString("Detector"),
        Severity = Enum.Parse<IncidentSeverity>(row.GetString("Severity")),
        Status = Enum.Parse<IncidentStatus>(row.GetString("Status")),
        Summary = LargeStringColumns.Read(row, "Summary") ?? string.Empty,
        EvidenceJson = LargeStringColumns.Read(row, "Evidence") ?? "{}",
        ReviewText = LargeStringColumns.Read(row, "ReviewText"),
        ReviewerNote = row.GetString("ReviewerNote"),
        Reviewer = row.GetString("Reviewer"),
        VerdictAt = row.GetDateTimeOffset("VerdictAt"),
    };
}
