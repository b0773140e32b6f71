namespace TokenGate.Core.Screening.Training;

/// <summary>
/// One labelled prompt: <c>Label</c> 1 = injection or jailbreak, 0 = benign; <c>Source</c> says
/// where it came from ("deepset", "jailbreak-llms", "authored", "reviewed", …).
/// </summary>
public sealed record LabelledExample(string Text, int Label, string Source);
