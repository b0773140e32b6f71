using TokenGate.Core.Screening.Training;

namespace TokenGate.Cli.Data;

/// <summary>Loads the shipped training data from data/ (see data/prompt-injection/README.md).</summary>
internal static class TrainingData
{
    public static IReadOnlyList<LabelledExample> LoadShipped(string dataDirectory)
    {
        var examples = new List<LabelledExample>();
        var injection = Path.Combine(dataDirectory, "prompt-injection");
        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            examples.AddRange(JsonLines.ReadLabelled(Path.Combine(injection, "deepset", file), "deepset"));
        }

        using (var reader = File.OpenText(Path.Combine(injection, "jailbreak-llms", "jailbreak_prompts_2023_12_25.csv")))
        {
            var rows = CsvReader.Read(reader).ToList();
            var promptColumn = IndexOf(rows[0], "prompt");
            var labelColumn = IndexOf(rows[0], "jailbreak");
            foreach (var row in rows.Skip(1).Where(r => r.Count > Math.Max(promptColumn, labelColumn)))
            {
                var label = string.Equals(row[labelColumn], "True", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                examples.Add(new LabelledExample(row[promptColumn], label, "jailbreak-llms"));
            }
        }

        using (var reader = File.OpenText(Path.Combine(injection, "awesome-chatgpt-prompts", "prompts.csv")))
        {
            var rows = CsvReader.Read(reader).ToList();
            var actColumn = IndexOf(rows[0], "act");
            var promptColumn = IndexOf(rows[0], "prompt");
            foreach (var row in rows.Skip(1).Where(r => r.Count > Math.Max(actColumn, promptColumn)))
            {
                // The one jailbreak in an otherwise benign role-play collection (see the data README).
                var label = row[actColumn].Contains("DAN", StringComparison.Ordinal) ? 1 : 0;
                examples.Add(new LabelledExample(row[promptColumn], label, "awesome-chatgpt-prompts"));
            }
        }

        examples.AddRange(JsonLines.ReadLabelled(Path.Combine(dataDirectory, "benign", "authored.jsonl"), "authored"));
        return Deduplicate(examples);
    }

    /// <summary>Drops exact duplicates (after trimming) and empty rows, keeping the first occurrence.</summary>
    public static IReadOnlyList<LabelledExample> Deduplicate(IEnumerable<LabelledExample> examples)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return examples.Where(e => !string.IsNullOrWhiteSpace(e.Text) && seen.Add(e.Text.Trim())).ToList();
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidDataException($"column '{name}' not found");
    }
}
