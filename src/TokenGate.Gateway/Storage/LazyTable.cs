using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary>A table created on first use, once; a failed creation is retried on the next use.</summary>
internal sealed class LazyTable
{
    private readonly TableServiceClient _service;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TableClient? _client;

    public LazyTable(TableServiceClient service, string name)
    {
        _service = service;
        Name = name;
    }

    public string Name { get; }

    public async ValueTask<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                var client = _service.GetTableClient(Name);
                await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _client, client);
            }

            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }
}
