namespace TokenGate.Gateway.Screening;

/// <summary>
/// Retrained screening models and the record of retraining runs, shared by every gateway instance so
/// a restart or another instance uses the newest accepted model. Implementations: in memory, Azure Tables.
/// </summary>
public interface IScreeningModelStore
{
    /// <summary>Stores a model file under its descriptor's version; it becomes the latest when it is newer (TrainedAt) than the current latest.</summary>
    Task SaveModelAsync(ScreeningModelDescriptor descriptor, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The newest stored model's descriptor (no bytes), or null when none was stored.</summary>
    Task<ScreeningModelDescriptor?> GetLatestModelAsync(CancellationToken cancellationToken);

    /// <summary>The file of a stored model, or null when there is no such version.</summary>
    Task<byte[]?> GetModelBytesAsync(string version, CancellationToken cancellationToken);

    /// <summary>Adds or replaces (same id) a run record.</summary>
    Task SaveRunAsync(RetrainingRun run, CancellationToken cancellationToken);

    /// <summary>A run record, or null.</summary>
    Task<RetrainingRun?> GetRunAsync(string id, CancellationToken cancellationToken);
}
