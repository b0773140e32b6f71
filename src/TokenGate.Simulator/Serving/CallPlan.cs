namespace TokenGate.Simulator.Serving;

/// <summary>Options resolved for one call: configuration overridden by <see cref="SimulatorHeaders"/>.</summary>
internal sealed class CallPlan
{
    public TimeSpan Latency { get; set; }

    public TimeSpan TimeToFirstToken { get; set; }

    public double TokensPerSecond { get; set; }

    public int TokensPerChunk { get; set; }

    public int CompletionTokens { get; set; }

    public int ReasoningTokens { get; set; }

    public int? CachedTokens { get; set; }

    public SimulatorFault Fault { get; set; }

    public int RetryAfterMs { get; set; }

    /// <summary>Time to produce <paramref name="tokens"/> tokens at <see cref="TokensPerSecond"/> (zero when unlimited).</summary>
    public TimeSpan GenerationTime(int tokens) =>
        TokensPerSecond > 0 && tokens > 0 ? TimeSpan.FromSeconds(tokens / TokensPerSecond) : TimeSpan.Zero;
}
