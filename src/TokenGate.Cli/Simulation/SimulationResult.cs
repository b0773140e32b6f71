namespace TokenGate.Cli.Simulation;

/// <summary>What a simulation measured.</summary>
internal sealed record SimulationResult(
    int BenignUsers,
    double BenignUserHours,
    long Events,
    int FalseIncidents,
    IReadOnlyDictionary<string, int> FalseIncidentsByDetector,
    IReadOnlyList<string> FalseIncidentEvidence,
    IReadOnlyList<(Scenario Scenario, TimeSpan? Latency)> Detections);
