namespace TokenGate.Simulator;

/// <summary>
/// What the simulator served since start or the last reset (<c>GET /_sim/stats</c>, camelCase JSON).
/// Token counts are what it reported in <c>usage</c>; for a cut stream, the prompt tokens plus the content tokens it had sent.
/// </summary>
/// <param name="Requests">Authenticated, well-formed requests, faults included.</param>
/// <param name="Streams">Of <paramref name="Requests"/>, how many asked to stream.</param>
/// <param name="PromptTokens">Prompt (input) tokens reported.</param>
/// <param name="CompletionTokens">Completion (output) tokens reported, reasoning included.</param>
/// <param name="TotalTokens">Sum of prompt and completion tokens.</param>
/// <param name="BadRequests">Requests refused with 400 (bad JSON, bad override header).</param>
/// <param name="Unauthorized">Requests refused with 401.</param>
/// <param name="Faults">Injected faults by kind: <c>429</c>, <c>500</c>, <c>503</c>, <c>stall</c>, <c>cut</c>.</param>
/// <param name="Deployments">The same counters per deployment (the <c>model</c> field on <c>/openai/v1</c> routes).</param>
public sealed record SimulatorStatsSnapshot(
    long Requests,
    long Streams,
    long PromptTokens,
    long CompletionTokens,
    long TotalTokens,
    long BadRequests,
    long Unauthorized,
    IReadOnlyDictionary<string, long> Faults,
    IReadOnlyDictionary<string, DeploymentStats> Deployments);
