namespace TokenGate.Core.Screening.Training;

/// <summary>
/// Rebuilds the classifier from the shipped data plus reviewed examples: splits the shipped data by
/// near-duplicate group (seeded), trains on the training part plus every reviewed example, and
/// measures the current and the new model through the real <see cref="PromptScreener"/> on the
/// held-out part. The new model is accepted only if it is not worse.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Score at or above which a held-out prompt counts as flagged (the default flag threshold).</summary>
    public static double Threshold { get; } = new ScreeningPolicy().FlagThreshold;

    public static TrainingReport Retrain(
        IReadOnlyList<LabelledExample> shipped,
        IReadOnlyList<LabelledExample> reviewed,
        PromptClassifierModel? current,
        TrainingOptions? options = null,
        PromptClassifierModel? shippedBaseline = null)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(reviewed);
        options ??= new TrainingOptions();
        var split = DatasetSplit.ByNearDuplicateGroup(shipped, options.TestFraction, options.Seed);
        var trained = LogisticRegressionTrainer.Train(split.Train, reviewed, options);

        // Measure what will actually ship: the int16-quantised file, read back.
        using var buffer = new MemoryStream();
        trained.Save(buffer);
        var bytes = buffer.ToArray();
        buffer.Position = 0;
        var shippedModel = PromptClassifierModel.Load(buffer);

        var after = Evaluate(new PromptScreener(shippedModel), split.Test);
        var before = current is null ? null : Evaluate(new PromptScreener(current), split.Test);
        // Each retrain may be "not worse" within a tolerance; judged against the shipped model as well (when training
        // on the shipped data), the tolerance cannot compound over a series of retrains.
        var shippedMetrics = shippedBaseline is null || (current is not null && current.Weights.SequenceEqual(shippedBaseline.Weights) && current.Bias == shippedBaseline.Bias)
            ? null
            : Evaluate(new PromptScreener(shippedBaseline), split.Test);
        var accepted = (before is null || after.IsNotWorseThan(before)) && (shippedMetrics is null || after.IsNotWorseThan(shippedMetrics));
        return new TrainingReport(split.Train.Count, split.Test.Count, reviewed.Count, before, after, accepted, bytes) { Shipped = shippedMetrics };
    }

    /// <summary>The model embedded in TokenGate.Core (the one the repository ships), or null when none is embedded.</summary>
    public static PromptClassifierModel? EmbeddedModel()
    {
        var bytes = PromptClassifierModel.ReadEmbeddedBytes();
        return bytes is not null && PromptClassifierModel.TryLoad(bytes, out var model) ? model : null;
    }

    /// <summary>Screens every example with <paramref name="screener"/> and counts the outcome at <see cref="Threshold"/>.</summary>
    public static BinaryMetrics Evaluate(PromptScreener screener, IReadOnlyList<LabelledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(screener);
        ArgumentNullException.ThrowIfNull(examples);
        var scores = examples.Select(e => screener.Assess([e.Text]).Score).ToArray();
        return BinaryMetrics.Compute(examples.Select(e => e.Label).ToArray(), scores, Threshold);
    }
}
