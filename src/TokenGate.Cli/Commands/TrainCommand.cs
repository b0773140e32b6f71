using TokenGate.Cli.Data;
using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Cli.Commands;

/// <summary>
/// `train [--data dir] [--models dir] [--reviewed file.jsonl]`: retrains from the shipped data (data/, or the
/// copy embedded in TokenGate.Core) plus reviewed examples, prints before/after on the held-out split, writes models/prompt-classifier.bin
/// only when the new model is not worse.
/// </summary>
internal static class TrainCommand
{
    public const string ModelFileName = "prompt-classifier.bin";

    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        var root = RepositoryPaths.FindRoot(Directory.GetCurrentDirectory());
        var data = args.Option("data") ?? (root is null ? null : Path.Combine(root, "data"));
        var models = args.Option("models") ?? (root is null ? null : Path.Combine(root, "models"));
        if (models is null || (args.Option("data") is not null && !Directory.Exists(data)))
        {
            stderr.WriteLine("train: data or models directory not found; pass --data <dir> and --models <dir>");
            return 2;
        }

        // The repository's data/ when there is one (edits take effect without a rebuild), else the embedded copy: one reader either way.
        var shipped = data is not null && Directory.Exists(data) ? ShippedTrainingData.Load(data) : ShippedTrainingData.LoadEmbedded();
        var reviewedPath = args.Option("reviewed");
        var reviewed = reviewedPath is null ? [] : JsonLines.ReadLabelled(reviewedPath, "reviewed");
        var modelPath = Path.Combine(models, ModelFileName);
        PromptClassifierModel? current = null;
        if (File.Exists(modelPath))
        {
            using var stream = File.OpenRead(modelPath);
            current = PromptClassifierModel.Load(stream);
        }

        var defaults = new TrainingOptions();
        var options = defaults with
        {
            Seed = args.Int("seed", defaults.Seed),
            Epochs = args.Int("epochs", defaults.Epochs),
            LearningRate = args.Double("learning-rate", defaults.LearningRate),
            L2 = args.Double("l2", defaults.L2),
            BenignWeight = args.Double("benign-weight", defaults.BenignWeight),
        };
        stdout.WriteLine(FormattableString.Invariant($"shipped examples {shipped.Count} (malicious {shipped.Count(e => e.Label == 1)}, benign {shipped.Count(e => e.Label == 0)}), reviewed {reviewed.Count}, seed {options.Seed}"));
        // On the shipped data the embedded model is the floor a retrained one must not fall below (with --data, other data: no floor).
        var report = ModelTrainer.Retrain(shipped, reviewed, current, options, args.Option("data") is null ? ModelTrainer.EmbeddedModel() : null);
        var splitDirectory = args.Option("write-split");
        if (splitDirectory is not null)
        {
            var split = DatasetSplit.ByNearDuplicateGroup(shipped, options.TestFraction, options.Seed);
            Directory.CreateDirectory(splitDirectory);
            JsonLines.Write(Path.Combine(splitDirectory, "train.jsonl"), split.Train);
            JsonLines.Write(Path.Combine(splitDirectory, "test.jsonl"), split.Test);
        }

        stdout.WriteLine(FormattableString.Invariant($"held-out split: train {report.TrainCount}, test {report.TestCount}"));
        stdout.WriteLine("before: " + (report.Before?.ToString() ?? "(no current model)"));
        stdout.WriteLine("after:  " + report.After);
        if (report.Shipped is { } shippedMetrics)
        {
            stdout.WriteLine("shipped model: " + shippedMetrics + " (the new model must not be worse than this either)");
        }
        if (!report.Accepted && !args.Flag("force"))
        {
            stdout.WriteLine("kept the current model: the new one is worse on the held-out split");
            return 1;
        }

        Directory.CreateDirectory(models);
        File.WriteAllBytes(modelPath, report.ModelBytes);
        stdout.WriteLine($"wrote {modelPath} ({report.ModelBytes.Length} bytes); rebuild TokenGate.Core to embed it");
        return 0;
    }
}
