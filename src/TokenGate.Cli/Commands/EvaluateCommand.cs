using TokenGate.Cli.Data;
using TokenGate.Core.Screening;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Cli.Commands;

/// <summary>`evaluate file.jsonl`: precision, recall, F1 and false-positive rate of the shipped screener (label 1 = malicious).</summary>
internal static class EvaluateCommand
{
    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positional.Count == 0)
        {
            stderr.WriteLine("usage: tokengate evaluate <file.jsonl> [--threshold 0.5]");
            return 2;
        }

        var examples = JsonLines.ReadLabelled(args.Positional[0], "evaluate");
        var threshold = double.Parse(args.Option("threshold") ?? "0.5", System.Globalization.CultureInfo.InvariantCulture);
        var screener = new PromptScreener();
        var scores = examples.Select(e => screener.Assess([e.Text]).Score).ToArray();
        var metrics = BinaryMetrics.Compute(examples.Select(e => e.Label).ToArray(), scores, threshold);
        stdout.WriteLine(FormattableString.Invariant($"examples {metrics.Count} (malicious {metrics.TruePositives + metrics.FalseNegatives}, benign {metrics.FalsePositives + metrics.TrueNegatives}), threshold {threshold:F2}"));
        // A one-class file measures only one side: say so rather than print a rate over nothing.
        var malicious = metrics.TruePositives + metrics.FalseNegatives;
        var benign = metrics.FalsePositives + metrics.TrueNegatives;
        stdout.WriteLine(metrics.TruePositives + metrics.FalsePositives == 0 ? "precision n/a (nothing flagged)" : FormattableString.Invariant($"precision {metrics.Precision:F4}"));
        stdout.WriteLine(malicious == 0 ? "recall    n/a (no malicious rows)" : FormattableString.Invariant($"recall    {metrics.Recall:F4}"));
        stdout.WriteLine(malicious == 0 ? "f1        n/a (no malicious rows)" : FormattableString.Invariant($"f1        {metrics.F1:F4}"));
        stdout.WriteLine(benign == 0 ? "fpr       n/a (no benign rows)" : FormattableString.Invariant($"fpr       {metrics.FalsePositiveRate:F4}"));
        stdout.WriteLine(FormattableString.Invariant($"tp {metrics.TruePositives}  fp {metrics.FalsePositives}  tn {metrics.TrueNegatives}  fn {metrics.FalseNegatives}"));
        return 0;
    }
}
