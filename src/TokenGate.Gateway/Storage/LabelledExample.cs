namespace TokenGate.Gateway.Storage;

/// <summary>A reviewed example for retraining the screening classifier.</summary>
public sealed record LabelledExample
{
    /// <summary>Stable id; adding an example with an existing id replaces it (use the incident id to keep one example per verdict).</summary>
    public required string Id { get; init; }
    public required string Text { get; init; }
    /// <summary>1 = abusive (injection, jailbreak…), 0 = benign.</summary>
    public required int Label { get; init; }
    public string? SourceIncidentId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
