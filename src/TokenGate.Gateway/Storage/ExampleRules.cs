namespace TokenGate.Gateway.Storage;

/// <summary>Validation and ordering shared by the labelled-example stores.</summary>
internal static class ExampleRules
{
    public static void EnsureValid(LabelledExample example)
    {
        if (example.Label is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(example), example.Label, "Label must be 0 (benign) or 1 (abusive).");
        }
    }

    public static List<LabelledExample> Order(IEnumerable<LabelledExample> examples) =>
        [.. examples.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
}
