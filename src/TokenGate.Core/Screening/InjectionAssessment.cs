namespace TokenGate.Core.Screening;

/// <summary>The injection part of screening: combined score in [0, 1], the classifier's own probability, and reason names.</summary>
public sealed record InjectionAssessment(double Score, double ClassifierProbability, IReadOnlyList<string> Reasons);
