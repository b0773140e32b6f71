using System.Collections.Concurrent;

namespace TokenGate.Gateway.Screening;

/// <summary><see cref="IScreeningModelStore"/> in process memory (one instance; lost on restart).</summary>
public sealed class InMemoryScreeningModelStore : IScreeningModelStore
{
    private readonly ConcurrentDictionary<string, (ScreeningModelDescriptor Descriptor, byte[] Bytes)> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RetrainingRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _latestGate = new();
    private ScreeningModelDescriptor? _latest;

    /// <inheritdoc />
    public Task SaveModelAsync(ScreeningModelDescriptor descriptor, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _models[descriptor.Version] = (descriptor, bytes.ToArray());
        lock (_latestGate)
        {
            if (ScreeningModelOrder.IsNewer(descriptor, _latest))
            {
                _latest = descriptor;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ScreeningModelDescriptor?> GetLatestModelAsync(CancellationToken cancellationToken)
    {
        lock (_latestGate)
        {
            return Task.FromResult(_latest);
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> GetModelBytesAsync(string version, CancellationToken cancellationToken) =>
        Task.FromResult(_models.TryGetValue(version, out var model) ? model.Bytes.ToArray() : null);

    /// <inheritdoc />
    public Task SaveRunAsync(RetrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        _runs[run.Id] = run;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<RetrainingRun?> GetRunAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.TryGetValue(id, out var run) ? run : null);
}
