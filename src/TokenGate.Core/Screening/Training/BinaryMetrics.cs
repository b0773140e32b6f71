namespace TokenGate.Core.Screening.Training;

/// <summary>Confusion counts and the rates derived from them (positive = malicious).</summary>
public sealed record BinaryMetrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0 : (double)FalsePositives / (FalsePositives + TrueNegatives);
    public int Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Counts predictions (score at or above <paramref name="threshold"/> = malicious) against labels.</summary>
    public static BinaryMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            if (labels[i] == 1)
            {
                tp += predicted ? 1 : 0;
                fn += predicted ? 0 : 1;
            }
            else
            {
                fp += predicted ? 1 : 0;
                tn += predicted ? 0 : 1;
            }
        }

        return new BinaryMetrics(tp, fp, tn, fn);
    }

    /// <summary>"not worse": F1 not lower and false-positive rate not higher, each within a small tolerance.</summary>
    public bool IsNotWorseThan(BinaryMetrics other, double tolerance = 0.005)
    {
        ArgumentNullException.ThrowIfNull(other);
        return F1 >= other.F1 - tolerance && FalsePositiveRate <= other.FalsePositiveRate + tolerance;
    }

    public override string ToString() =>
        FormattableString.Invariant($"precision {Precision:F3}  recall {Recall:F3}  F1 {F1:F3}  FPR {FalsePositiveRate:F3}  (tp {TruePositives}, fp {FalsePositives}, tn {TrueNegatives}, fn {FalseNegatives})");
}
