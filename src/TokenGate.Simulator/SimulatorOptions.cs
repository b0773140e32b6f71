using System.ComponentModel.DataAnnotations;

namespace TokenGate.Simulator;

/// <summary>
/// Behaviour of the simulated Azure OpenAI upstream, bound from the <c>Simulator</c> configuration section
/// (<c>Simulator__LatencyMs=200</c> in app settings). Every timing and fault can also be overridden per request
/// with the <see cref="SimulatorHeaders"/> headers.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Configuration section name: <c>Simulator</c>.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Key callers must present (<c>api-key</c> header or <c>Authorization: Bearer</c>); null or empty accepts any caller. Default: null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Delay before the response headers are sent, in milliseconds. Default: 0.</summary>
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    /// <summary>Extra delay before the first generated token (after the headers when streaming), in milliseconds. Default: 0.</summary>
    [Range(0, 600_000)]
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Generation speed after the first token; 0 means as fast as possible. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public double TokensPerSecond { get; set; }

    /// <summary>Content tokens per streamed chunk. Default: 1 (as Azure OpenAI streams).</summary>
    [Range(1, 10_000)]
    public int TokensPerChunk { get; set; } = 1;

    /// <summary>Visible tokens generated per choice when the request sets no lower maximum. Default: 50.</summary>
    [Range(0, 1_000_000)]
    public int DefaultCompletionTokens { get; set; } = 50;

    /// <summary>Reasoning tokens reported per choice (counted in completion tokens, never streamed). Default: 0.</summary>
    [Range(0, 1_000_000)]
    public int ReasoningTokens { get; set; }

    /// <summary>
    /// Prompts of at least this many tokens report <c>cached_tokens</c> = prompt tokens rounded down to a multiple of 128,
    /// as a warm Azure prompt cache would; 0 disables. Default: 1024.
    /// </summary>
    [Range(0, 10_000_000)]
    public int PromptCacheMinTokens { get; set; } = 1024;

    /// <summary>Embedding vector length when the request sets no <c>dimensions</c>. Default: 1536.</summary>
    [Range(1, 16_384)]
    public int EmbeddingDimensions { get; set; } = 1536;

    /// <summary>Seed mixed into every generated text and vector, so runs are reproducible. Default: 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Sends Azure's leading <c>prompt_filter_results</c> chunk (with <c>"choices":[]</c>) in chat streams. Default: true.</summary>
    public bool EmitPromptFilterResults { get; set; } = true;

    /// <summary>Value of <c>retry-after-ms</c> (and, rounded up to seconds, <c>retry-after</c>) on an injected 429. Default: 1000.</summary>
    [Range(0, 3_600_000)]
    public int RetryAfterMs { get; set; } = 1000;

    /// <summary>Probability (0..1) that a request gets a random fault from <see cref="ChaosFaults"/>, for chaos runs. Default: 0.</summary>
    [Range(0.0, 1.0)]
    public double FaultRate { get; set; }

    /// <summary>Seed of the random fault picker, so a chaos run is reproducible. Default: 7.</summary>
    public int FaultSeed { get; set; } = 7;

    /// <summary>Faults drawn when <see cref="FaultRate"/> fires; empty means 429, 500 and 503. Default: empty.</summary>
    public IList<SimulatorFault> ChaosFaults { get; } = [];
}
