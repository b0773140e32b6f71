using System.Text;

namespace TokenGate.Benchmarks.Tokens;

/// <summary>Deterministic English-like prose for benchmarks.</summary>
internal static class BenchText
{
    private static readonly string[] Words =
    [
        "the", "quarterly", "report", "shows", "that", "revenue", "grew", "by", "percent", "while", "costs", "remained",
        "flat", "our", "team", "shipped", "new", "features", "including", "streaming", "support", "and", "better",
        "latency", "customers", "asked", "for", "clearer", "pricing", "we", "will", "review", "contracts", "in", "March",
        "please", "summarise", "this", "document", "into", "three", "bullet", "points", "with", "citations", "Kubernetes",
        "deployment", "failed", "because", "of", "a", "misconfigured", "ingress", "controller", "on", "cluster", "eu-west-2",
        "translate", "to", "French", "naïve", "café", "résumé", "日本語", "テキスト", "🚀", "2024-10-21", "1234.56", "#tag",
        "function", "returns", "null", "when", "input", "is", "empty", "otherwise", "it", "throws",
    ];

    public static string Paragraph(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                sb.Append(random.Next(12) == 0 ? ". " : random.Next(15) == 0 ? ", " : " ");
            }

            sb.Append(Words[random.Next(Words.Length)]);
        }

        return sb.Append('.').ToString();
    }
}
