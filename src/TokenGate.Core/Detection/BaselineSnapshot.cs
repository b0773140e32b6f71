namespace TokenGate.Core.Detection;

/// <summary>The closed bucket totals of one baseline, for persisting a user's state.</summary>
public sealed record BaselineSnapshot(double[] Values, int Next);
