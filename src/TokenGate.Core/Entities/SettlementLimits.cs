namespace TokenGate.Core.Entities;

/// <summary>The bounds that keep a quota entity's dedupe memory and history small (see docs/entities.md).</summary>
public static class SettlementLimits
{
    /// <summary>Sequences accepted above a source's contiguous mark; later ones are deferred until the gap fills.</summary>
    public const int OutOfOrderWindow = 64;

    /// <summary>Sources remembered per entity; the least recently seen is evicted beyond this.</summary>
    public const int MaxSources = 128;

    /// <summary>Archived periods kept per entity (two years of months).</summary>
    public const int MaxArchivedPeriods = 24;

    /// <summary>A source not heard from for this long (by settlement time) is forgotten.</summary>
    public static readonly TimeSpan SourceIdleTimeout = TimeSpan.FromDays(1);
}
