namespace TokenGate.Core.Entities;

/// <summary>What was spent in one budget period. Part of entity state: public get/set only.</summary>
public sealed class PeriodUsage
{
    /// <summary>The period ("2026-11"); empty when no period is open.</summary>
    public string Period { get; set; } = string.Empty;

    public long Tokens { get; set; }

    public decimal Cost { get; set; }

    public long Requests { get; set; }

    internal void Add(long tokens, decimal cost, long requests)
    {
        Tokens += tokens;
        Cost += cost;
        Requests += requests;
    }

    internal PeriodUsage Copy() => new() { Period = Period, Tokens = Tokens, Cost = Cost, Requests = Requests };
}
