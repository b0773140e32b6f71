using System.Text.RegularExpressions;

namespace TokenGate.Core.Screening;

/// <summary>
/// One named pattern over normalised text. <see cref="LogitBoost"/> is evidence added to the
/// classifier's log-odds, not a verdict: a benign prompt that merely mentions the words stays below
/// the flag threshold unless the classifier agrees.
/// </summary>
internal sealed record InjectionRule(string Name, Regex Pattern, double LogitBoost);
