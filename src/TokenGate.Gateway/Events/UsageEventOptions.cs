using System.ComponentModel.DataAnnotations;

namespace TokenGate.Gateway.Events;

/// <summary>In-process usage event buffering, section <c>TokenGate:Events</c>.</summary>
public sealed class UsageEventOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "TokenGate:Events";

    /// <summary>Events held before new ones are dropped (default 10,000).</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 10_000;

    /// <summary>Most events handed to the processor in one batch (default 100).</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 100;
}
