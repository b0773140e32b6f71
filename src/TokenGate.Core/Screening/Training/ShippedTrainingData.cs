using System.Text.Json;

namespace TokenGate.Core.Screening.Training;

/// <summary>
/// Loads the training data the product ships (data/prompt-injection and data/benign; licences in
/// their README files): from a directory (the repository's data/) or from the copy embedded in
/// TokenGate.Core, through one reader so both give the same examples in the same order.
/// </summary>
public static class ShippedTrainingData
{
    /// <summary>The files read, relative to data/, with '/' separators; README and LICENSE files travel with them.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "prompt-injection/deepset/train.jsonl",
        "prompt-injection/deepset/test.jsonl",
        "prompt-injection/jailbreak-llms/jailbreak_prompts_2023_12_25.csv",
        "prompt-injection/awesome-chatgpt-prompts/prompts.csv",
        "benign/authored.jsonl",
    ];

    private const string ResourcePrefix = "TokenGate.Core.Data/";

    /// <summary>Reads the data files under <paramref name="dataDirectory"/> (the repository's data/).</summary>
    public static IReadOnlyList<LabelledExample> Load(string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return Load(relative => File.OpenRead(Path.Combine(dataDirectory, relative.Replace('/', Path.DirectorySeparatorChar))));
    }

    /// <summary>Reads the copy embedded in TokenGate.Core (same files as <see cref="Files"/>).</summary>
    public static IReadOnlyList<LabelledExample> LoadEmbedded() => Load(OpenEmbedded);

    /// <summary>The licence and source notes embedded with the data (data/*/README.md, LICENSE files), by relative path.</summary>
    public static string? ReadEmbeddedNotice(string relativePath)
    {
        using var stream = typeof(ShippedTrainingData).Assembly.GetManifestResourceStream(ResourcePrefix + relativePath);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Drops exact duplicates (after trimming) and empty rows, keeping the first occurrence.</summary>
    public static IReadOnlyList<LabelledExample> Deduplicate(IEnumerable<LabelledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return examples.Where(e => !string.IsNullOrWhiteSpace(e.Text) && seen.Add(e.Text.Trim())).ToList();
    }

    private static Stream OpenEmbedded(string relative) =>
        typeof(ShippedTrainingData).Assembly.GetManifestResourceStream(ResourcePrefix + relative)
        ?? throw new InvalidDataException($"The training data file '{relative}' is not embedded in TokenGate.Core.");

    private static List<LabelledExample> Load(Func<string, Stream> open)
    {
        var examples = new List<LabelledExample>();
        examples.AddRange(ReadJsonLines(open(Files[0]), "deepset"));
        examples.AddRange(ReadJsonLines(open(Files[1]), "deepset"));

        var jailbreaks = ReadCsv(open(Files[2]));
        var promptColumn = IndexOf(jailbreaks[0], "prompt");
        var labelColumn = IndexOf(jailbreaks[0], "jailbreak");
        foreach (var row in jailbreaks.Skip(1).Where(r => r.Count > Math.Max(promptColumn, labelColumn)))
        {
            var label = string.Equals(row[labelColumn], "True", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            examples.Add(new LabelledExample(row[promptColumn], label, "jailbreak-llms"));
        }

        var rolePlay = ReadCsv(open(Files[3]));
        var actColumn = IndexOf(rolePlay[0], "act");
        promptColumn = IndexOf(rolePlay[0], "prompt");
        foreach (var row in rolePlay.Skip(1).Where(r => r.Count > Math.Max(actColumn, promptColumn)))
        {
            // The one jailbreak in an otherwise benign role-play collection (see the data README).
            var label = row[actColumn].Contains("DAN", StringComparison.Ordinal) ? 1 : 0;
            examples.Add(new LabelledExample(row[promptColumn], label, "awesome-chatgpt-prompts"));
        }

        examples.AddRange(ReadJsonLines(open(Files[4]), "authored"));
        return [.. Deduplicate(examples)];
    }

    private static List<IReadOnlyList<string>> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return CsvReader.Read(reader).ToList();
    }

    private static List<LabelledExample> ReadJsonLines(Stream stream, string source)
    {
        using var reader = new StreamReader(stream);
        var examples = new List<LabelledExample>();
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("label", out var label))
            {
                throw new InvalidDataException($"{source}: line {number} needs a string \"text\" and a \"label\"");
            }

            var value = label.ValueKind switch
            {
                JsonValueKind.Number => label.GetInt32() == 0 ? 0 : 1,
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => throw new InvalidDataException($"{source}: line {number}: \"label\" must be 0 or 1"),
            };
            examples.Add(new LabelledExample(text.GetString()!, value, source));
        }

        return examples;
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
