namespace TokenGate.Cli.Simulation;

/// <summary>An injected attack: who, when it starts, and which detector should catch it.</summary>
internal sealed record Scenario(string Name, string Detector, string Subject, DateTimeOffset Start);
