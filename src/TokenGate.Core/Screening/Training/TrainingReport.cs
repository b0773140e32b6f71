namespace TokenGate.Core.Screening.Training;

/// <summary>What a retraining run measured and decided.</summary>
/// <param name="TrainCount">Examples trained on (shipped training part plus reviewed).</param>
/// <param name="TestCount">Held-out examples measured.</param>
/// <param name="ReviewedCount">Reviewed examples added to training.</param>
/// <param name="Before">The current model on the held-out split (null when there was none).</param>
/// <param name="After">The retrained model on the same split.</param>
/// <param name="Accepted">True when the new model is not worse and should replace the current one.</param>
/// <param name="ModelBytes">The new model in its file format (what to write when accepted).</param>
public sealed record TrainingReport(
    int TrainCount,
    int TestCount,
    int ReviewedCount,
    BinaryMetrics? Before,
    BinaryMetrics After,
    bool Accepted,
    byte[] ModelBytes)
{
    /// <summary>
    /// The shipped (embedded) model on the same split, when it is not <see cref="Before"/> already. A new model must
    /// be not worse than it too, so the per-retrain tolerance cannot add up over many retrains.
    /// </summary>
    public BinaryMetrics? Shipped { get; init; }
}
