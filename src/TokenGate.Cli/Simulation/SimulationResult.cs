namespace TokenGate.Cli.Simulation;

/// <summary>What a simulation measured (<c>HistoryIncidents</c>: benign incidents during the unmeasured history before the window).</summary>
internal sealed record SimulationResult(
    int BenignUsers,
    double BenignUserHours,
    long Events,
    int FalseIncidents,
    int HistoryIncidents,
    IReadOnlyDictionary<string, int> FalseIncidentsByDetector,
    IReadOnlyList<string> FalseIncidentEvidence,
    IReadOnlyList<(Scenario Scenario, TimeSpan? Latency)> Detections);
