namespace TokenGate.Core.Screening.Training;

/// <summary>
/// Trains <see cref="PromptClassifierModel"/> weights with Adagrad SGD over the hashed features of
/// <see cref="PromptScreener.Prepare"/>d text; classes are re-weighted to balance. Single-threaded and
/// seeded, so the same data gives bit-identical weights.
/// </summary>
public static class LogisticRegressionTrainer
{
    public static PromptClassifierModel Train(IReadOnlyList<LabelledExample> examples, TrainingOptions options) =>
        Train(examples, [], options);

    /// <summary>
    /// Trains on <paramref name="examples"/> in the seeded order they would have alone, with each of
    /// <paramref name="extra"/> (reviewed verdicts) stepped in at a seeded position: a few extra examples
    /// then add their own gradient steps instead of reshuffling the whole run, so retraining with a
    /// handful of verdicts moves the model by what they teach, not by a new random order.
    /// </summary>
    public static PromptClassifierModel Train(IReadOnlyList<LabelledExample> examples, IReadOnlyList<LabelledExample> extra, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(extra);
        ArgumentNullException.ThrowIfNull(options);
        var baseCount = examples.Count;
        examples = extra.Count == 0 ? examples : [.. examples, .. extra];
        var features = examples.Select(e => Extract(e.Text)).ToArray();
        var positives = examples.Count(e => e.Label == 1);
        var negatives = examples.Count - positives;
        var positiveWeight = positives == 0 ? 1 : examples.Count / (2.0 * positives);
        var negativeWeight = (negatives == 0 ? 1 : examples.Count / (2.0 * negatives)) * options.BenignWeight;

        var weights = new double[PromptFeatures.BucketCount];
        var squared = new double[PromptFeatures.BucketCount];
        double bias = 0, biasSquared = 0;
        var order = Enumerable.Range(0, baseCount).ToArray();
        var random = new Random(options.Seed);
        // A separate stream places the extra examples, so the base order is the same with or without them.
        var placement = new Random(unchecked(options.Seed * 31 + 17));
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in Interleave(order, baseCount, extra.Count, placement))
            {
                var (buckets, values) = features[index];
                var z = bias;
                for (var k = 0; k < buckets.Length; k++)
                {
                    z += weights[buckets[k]] * values[k];
                }

                var label = examples[index].Label;
                var error = (PromptClassifierModel.Sigmoid(z) - label) * (label == 1 ? positiveWeight : negativeWeight);
                for (var k = 0; k < buckets.Length; k++)
                {
                    var b = buckets[k];
                    var gradient = (error * values[k]) + (options.L2 * weights[b]);
                    squared[b] += gradient * gradient;
                    weights[b] -= options.LearningRate * gradient / (Math.Sqrt(squared[b]) + 1e-8);
                }

                biasSquared += error * error;
                bias -= options.LearningRate * error / (Math.Sqrt(biasSquared) + 1e-8);
            }
        }

        return new PromptClassifierModel(weights.Select(w => (float)w).ToArray(), (float)bias);
    }

    private static IEnumerable<int> Interleave(int[] order, int baseCount, int extraCount, Random placement)
    {
        if (extraCount == 0)
        {
            return order;
        }

        var slots = new List<int>[order.Length + 1];
        for (var j = 0; j < extraCount; j++)
        {
            (slots[placement.Next(slots.Length)] ??= []).Add(baseCount + j);
        }

        return Enumerate(order, slots);

        static IEnumerable<int> Enumerate(int[] order, List<int>[] slots)
        {
            for (var i = 0; i <= order.Length; i++)
            {
                if (slots[i] is { } extras)
                {
                    foreach (var e in extras)
                    {
                        yield return e;
                    }
                }

                if (i < order.Length)
                {
                    yield return order[i];
                }
            }
        }
    }

    private static (int[] Buckets, float[] Values) Extract(string text)
    {
        var collector = new Collector(new Dictionary<int, float>());
        PromptFeatures.Visit(PromptScreener.Prepare([text], out _, out _), ref collector);
        var buckets = collector.Values.Keys.Order().ToArray();
        return (buckets, buckets.Select(b => collector.Values[b]).ToArray());
    }

    private readonly struct Collector(Dictionary<int, float> values) : IFeatureVisitor
    {
        public Dictionary<int, float> Values { get; } = values;

        public void Add(int bucket, float value)
        {
            Values.TryGetValue(bucket, out var current);
            Values[bucket] = current + value;
        }
    }
}
