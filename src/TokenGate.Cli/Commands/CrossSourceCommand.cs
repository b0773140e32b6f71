using System.Text.Json;
using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Cli.Commands;

/// <summary>
/// `cross-source [--data dir] [--seed n] [--reviewed-share x] [--write-errors dir]`: how the screener does on a data set it has never seen. For each
/// source of the shipped data (deepset, jailbreak-llms, awesome-chatgpt-prompts, authored) a model is trained
/// on all the other sources with the product's training options, quantised as shipped, and the real
/// <see cref="PromptScreener"/> (normaliser + rules + that model) is scored on every row of the left-out
/// source at the default flag threshold. Then the review loop is simulated: a share (default 10 %) of the
/// left-out source's near-duplicate groups is added as reviewed verdicts, as retraining would, and both models
/// are scored on the rest of that source. With --write-errors, each source's misclassified rows go to
/// <c>dir/&lt;source&gt;.errors.jsonl</c> (text, label, score) for inspection; nothing else is written.
/// </summary>
internal static class CrossSourceCommand
{
    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        var root = RepositoryPaths.FindRoot(Directory.GetCurrentDirectory());
        var data = args.Option("data") ?? (root is null ? null : Path.Combine(root, "data"));
        if (args.Option("data") is not null && !Directory.Exists(data))
        {
            stderr.WriteLine("cross-source: data directory not found");
            return 2;
        }

        var shipped = data is not null && Directory.Exists(data) ? ShippedTrainingData.Load(data) : ShippedTrainingData.LoadEmbedded();
        var options = new TrainingOptions() with { Seed = args.Int("seed", new TrainingOptions().Seed) };
        var share = args.Double("reviewed-share", 0.1);
        if (share is <= 0 or >= 1)
        {
            stderr.WriteLine("cross-source: --reviewed-share must be between 0 and 1");
            return 2;
        }

        stdout.WriteLine(FormattableString.Invariant($"shipped examples {shipped.Count}, seed {options.Seed}, threshold {ModelTrainer.Threshold:F2}; each row: trained without that source, scored on all of it"));
        foreach (var source in shipped.Select(e => e.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var heldOut = shipped.Where(e => e.Source == source).ToList();
            var rest = shipped.Where(e => e.Source != source).ToList();
            var model = Quantised(LogisticRegressionTrainer.Train(rest, options));
            var screener = new PromptScreener(model);
            var metrics = ModelTrainer.Evaluate(screener, heldOut);
            if (args.Option("write-errors") is { } errors)
            {
                Directory.CreateDirectory(errors);
                var wrong = heldOut
                    .Select(e => (Example: e, Score: screener.Assess([e.Text]).Score))
                    .Where(p => (p.Score >= ModelTrainer.Threshold ? 1 : 0) != p.Example.Label)
                    .Select(p => JsonSerializer.Serialize(new { text = p.Example.Text, label = p.Example.Label, score = p.Score }));
                File.WriteAllLines(Path.Combine(errors, source + ".errors.jsonl"), wrong);
            }

            var malicious = heldOut.Count(e => e.Label == 1);
            stdout.WriteLine(FormattableString.Invariant(
                $"{source,-24} rows {heldOut.Count,5} (malicious {malicious}, benign {heldOut.Count - malicious}); trained on {rest.Count}: {Describe(metrics, malicious, heldOut.Count - malicious)}"));

            // The feedback loop: a few reviewed rows of the new style, split by near-duplicate group so none of the rest leaks in.
            var split = DatasetSplit.ByNearDuplicateGroup(heldOut, 1 - share, options.Seed);
            if (split.Train.Count > 0 && split.Test.Count > 0)
            {
                var retrained = new PromptScreener(Quantised(LogisticRegressionTrainer.Train(rest, split.Train, options)));
                var restMalicious = split.Test.Count(e => e.Label == 1);
                var restBenign = split.Test.Count - restMalicious;
                stdout.WriteLine(FormattableString.Invariant(
                    $"{string.Empty,-24} + {split.Train.Count} of it reviewed, scored on the other {split.Test.Count}: before {Describe(ModelTrainer.Evaluate(screener, split.Test), restMalicious, restBenign)}; after {Describe(ModelTrainer.Evaluate(retrained, split.Test), restMalicious, restBenign)}"));
            }
        }

        return 0;
    }

    // What ships is the int16-quantised file: measure that, read back.
    private static PromptClassifierModel Quantised(PromptClassifierModel trained)
    {
        using var buffer = new MemoryStream();
        trained.Save(buffer);
        buffer.Position = 0;
        return PromptClassifierModel.Load(buffer);
    }

    // A one-class source has no precision or FPR (or no recall): print what it measures.
    private static string Describe(BinaryMetrics m, int malicious, int benign) => (malicious, benign) switch
    {
        ( > 0, > 0) => m.ToString(),
        ( > 0, 0) => FormattableString.Invariant($"recall {m.Recall:F3} (tp {m.TruePositives}, fn {m.FalseNegatives})"),
        _ => FormattableString.Invariant($"FPR {m.FalsePositiveRate:F3} (fp {m.FalsePositives}, tn {m.TrueNegatives})"),
    };
}
