namespace TokenGate.Gateway.Storage;

/// <summary>Reviewed, labelled examples that retraining reads. Implementations: in memory, Azure Tables.</summary>
public interface ILabelledExampleStore
{
    /// <summary>Adds or replaces (same id) an example. Label must be 0 or 1.</summary>
    Task AddAsync(LabelledExample example, CancellationToken cancellationToken);

    /// <summary>All examples, oldest first (then by id).</summary>
    Task<IReadOnlyList<LabelledExample>> ListAsync(CancellationToken cancellationToken);
}
