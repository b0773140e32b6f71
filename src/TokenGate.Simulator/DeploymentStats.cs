namespace TokenGate.Simulator;

/// <summary>Counters of one deployment in a <see cref="SimulatorStatsSnapshot"/>.</summary>
/// <param name="Requests">Requests served or faulted.</param>
/// <param name="PromptTokens">Prompt tokens reported.</param>
/// <param name="CompletionTokens">Completion tokens reported (sent, for cut streams).</param>
/// <param name="Faults">Injected faults of any kind.</param>
public sealed record DeploymentStats(long Requests, long PromptTokens, long CompletionTokens, long Faults);
