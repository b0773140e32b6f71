namespace TokenGate.Core.Plans;

/// <summary>Price of one model, in the plan's currency per million tokens.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal CachedInputPerMillion, decimal OutputPerMillion);
