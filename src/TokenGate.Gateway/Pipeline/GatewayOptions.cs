using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Pipeline;

/// <summary>Pipeline settings, section <c>TokenGate:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Gateway";

    /// <summary>Largest accepted request body in bytes (default 1 MiB); larger → 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest accepted JSON nesting (default 32); deeper → 400.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Require <c>?api-version=</c> on <c>/openai/deployments/…</c> routes as Azure does (default true); missing → 400.</summary>
    public bool RequireApiVersion { get; set; } = true;

    /// <summary>Plan used when neither the user nor the tenant names one (default "free").</summary>
    [Required]
    public string DefaultPlan { get; set; } = "free";

    /// <summary>Output tokens reserved per choice when neither the request nor the plan caps them (default 4096).</summary>
    [Range(1, 1_000_000)]
    public int DefaultReservedOutputTokens { get; set; } = 4096;

    /// <summary>How long directory entries (plans, tenants, users, keys) are cached in memory (default 30 s). Also the longest a revoked key keeps working.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DirectoryCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest a request waits for a key or caller look-up the cache cannot answer (default 5 s). Past it the request
    /// is served from the expired entry, or gets 503 <c>store_unavailable</c> when there is none; the look-up itself
    /// goes on (bounded by <c>TokenGate:Storage</c>'s timeouts) and fills the cache if it succeeds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
