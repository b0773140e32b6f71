namespace TokenGate.Gateway.Abuse;

/// <summary>A reviewer's verdict kept as labelled data: label 1 = malicious. Text only when the reviewer attached it.</summary>
public sealed record ReviewedExample(string IncidentId, string Detector, int Label, string? Text, string Note, DateTimeOffset ReviewedAt);
