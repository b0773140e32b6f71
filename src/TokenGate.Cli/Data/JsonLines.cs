using System.Text.Json;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Cli.Data;

/// <summary>Reads JSON lines with a "text" field and an optional "label" (0/1 or false/true).</summary>
internal static class JsonLines
{
    public static IEnumerable<(string Text, int? Label)> Read(TextReader reader)
    {
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string text;
            int? label = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"line {number}: expected an object with a string \"text\"");
                }

                text = textElement.GetString()!;
                if (root.TryGetProperty("label", out var labelElement))
                {
                    label = labelElement.ValueKind switch
                    {
                        JsonValueKind.Number => labelElement.GetInt32() == 0 ? 0 : 1,
                        JsonValueKind.True => 1,
                        JsonValueKind.False => 0,
                        _ => throw new InvalidDataException($"line {number}: \"label\" must be 0 or 1"),
                    };
                }
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"line {number}: not valid JSON");
            }

            yield return (text, label);
        }
    }

    public static List<LabelledExample> ReadLabelled(string path, string source)
    {
        using var reader = File.OpenText(path);
        return Read(reader)
            .Select((row, i) => new LabelledExample(row.Text, row.Label ?? throw new InvalidDataException($"{path}: line {i + 1} has no label"), source))
            .ToList();
    }

    public static void Write(string path, IEnumerable<LabelledExample> examples)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var example in examples)
        {
            writer.WriteStartObject();
            writer.WriteString("text", example.Text);
            writer.WriteNumber("label", example.Label);
            writer.WriteString("source", example.Source);
            writer.WriteEndObject();
            writer.Flush();
            stream.WriteByte((byte)'\n');
            writer.Reset();
        }
    }
}
