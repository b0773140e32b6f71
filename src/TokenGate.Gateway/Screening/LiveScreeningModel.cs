using Microsoft.Extensions.Logging;
using TokenGate.Core.Screening;

namespace TokenGate.Gateway.Screening;

/// <summary>
/// The model this instance screens with and what it is: wraps the <see cref="PromptModelHolder"/> the
/// <see cref="PromptScreener"/> reads, and replaces its model only with bytes that load, match their hash,
/// and are newer than the live one. Starts with the model embedded in TokenGate.Core.
/// </summary>
public sealed class LiveScreeningModel
{
    private readonly PromptModelHolder _holder;
    private readonly ILogger<LiveScreeningModel> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ScreeningModelDescriptor _descriptor;
    private string? _refusedHash;

    public LiveScreeningModel(PromptModelHolder holder, ILogger<LiveScreeningModel> logger)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(logger);
        _holder = holder;
        _logger = logger;
        var embedded = PromptClassifierModel.ReadEmbeddedBytes() ?? [];
        var hash = ScreeningModelDescriptor.HashOf(embedded);
        _descriptor = new ScreeningModelDescriptor { Version = "embedded-" + hash[..12], Hash = hash, Source = ScreeningModelSource.Embedded };
    }

    /// <summary>What the live model is.</summary>
    public ScreeningModelDescriptor Descriptor => Volatile.Read(ref _descriptor);

    /// <summary>The live model (what the next screening call uses).</summary>
    public PromptClassifierModel Model => _holder.Current;

    /// <summary>
    /// Makes the model in <paramref name="bytes"/> live when they load, match <paramref name="descriptor"/>'s hash
    /// and it is newer than the live model (or <paramref name="force"/>, for the run that just trained it).
    /// False, with a log, when refused; the live model is then unchanged.
    /// </summary>
    public async Task<bool> TryActivateAsync(ScreeningModelDescriptor descriptor, byte[] bytes, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(bytes);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!force && !ScreeningModelOrder.IsNewer(descriptor, _descriptor))
            {
                return false;
            }

            if (!string.Equals(ScreeningModelDescriptor.HashOf(bytes), descriptor.Hash, StringComparison.Ordinal)
                || !PromptClassifierModel.TryLoad(bytes, out var model))
            {
                _refusedHash = descriptor.Hash;
                ScreeningModelLog.Refused(_logger, descriptor.Version, descriptor.Hash, _descriptor.Version);
                return false;
            }

            _holder.Swap(model);
            Volatile.Write(ref _descriptor, descriptor);
            ScreeningModelLog.Activated(_logger, descriptor.Version, descriptor.Source, descriptor.Hash);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Loads the store's newest model when it is newer than the live one. True when the live model changed;
    /// a store that cannot be read, or bytes that do not load, leave the live model as it is (logged).
    /// </summary>
    public async Task<bool> RefreshAsync(IScreeningModelStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var latest = await store.GetLatestModelAsync(cancellationToken).ConfigureAwait(false);
            if (latest is null || string.Equals(latest.Hash, Descriptor.Hash, StringComparison.Ordinal)
                || string.Equals(latest.Hash, Volatile.Read(ref _refusedHash), StringComparison.Ordinal)
                || !ScreeningModelOrder.IsNewer(latest, Descriptor))
            {
                return false;
            }

            var bytes = await store.GetModelBytesAsync(latest.Version, cancellationToken).ConfigureAwait(false);
            return await TryActivateAsync(latest, bytes ?? [], force: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ScreeningModelLog.StoreUnavailable(_logger, ex, Descriptor.Version);
            return false;
        }
    }
}
