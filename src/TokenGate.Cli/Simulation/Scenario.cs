namespace TokenGate.Cli.Simulation;

/// <summary>
/// An injected attack: who, when it starts, and which detector should catch it. <c>Graded</c> scenarios
/// must be found within 60 s for the command to succeed; the others are measured and reported only.
/// </summary>
internal sealed record Scenario(string Name, string Detector, string Subject, DateTimeOffset Start, bool Graded = true);
