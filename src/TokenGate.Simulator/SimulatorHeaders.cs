namespace TokenGate.Simulator;

/// <summary>Request headers that override <see cref="SimulatorOptions"/> for one call; an unparsable value is a 400.</summary>
public static class SimulatorHeaders
{
    /// <summary>Delay before the response headers, in milliseconds.</summary>
    public const string LatencyMs = "x-sim-latency-ms";

    /// <summary>Delay before the first token, in milliseconds.</summary>
    public const string TimeToFirstTokenMs = "x-sim-ttft-ms";

    /// <summary>Generation speed in tokens per second (0 = unlimited).</summary>
    public const string TokensPerSecond = "x-sim-tokens-per-second";

    /// <summary>Content tokens per streamed chunk.</summary>
    public const string TokensPerChunk = "x-sim-tokens-per-chunk";

    /// <summary>Visible tokens to generate per choice (still capped by the request's maximum).</summary>
    public const string CompletionTokens = "x-sim-completion-tokens";

    /// <summary>Reasoning tokens to report per choice.</summary>
    public const string ReasoningTokens = "x-sim-reasoning-tokens";

    /// <summary>Cached prompt tokens to report (capped at the prompt tokens).</summary>
    public const string CachedTokens = "x-sim-cached-tokens";

    /// <summary>Fault to inject: <c>429</c>, <c>500</c>, <c>503</c>, <c>stall</c>, <c>cut</c> or <c>none</c> (which also disables chaos).</summary>
    public const string Fault = "x-sim-fault";

    /// <summary>Retry delay announced by an injected 429, in milliseconds.</summary>
    public const string RetryAfterMs = "x-sim-retry-after-ms";
}
