namespace TokenGate.Core.Screening.Training;

/// <summary>Hyper-parameters of the logistic regression; defaults are what the committed model was trained with.</summary>
public sealed record TrainingOptions
{
    public int Seed { get; init; } = DatasetSplit.DefaultSeed;
    public int Epochs { get; init; } = 12;
    /// <summary>Adagrad base learning rate.</summary>
    public double LearningRate { get; init; } = 0.3;
    /// <summary>L2 penalty per touched weight and step.</summary>
    public double L2 { get; init; } = 1e-4;
    /// <summary>Extra weight of benign examples on top of class balancing: false positives cost more than misses.</summary>
    public double BenignWeight { get; init; } = 4.0;
    /// <summary>Fraction of near-duplicate groups held out for testing.</summary>
    public double TestFraction { get; init; } = 0.2;
}
