using System.Buffers;
using System.Text.RegularExpressions;

namespace TokenGate.Core.Screening;

/// <summary>
/// One named pattern over normalised text. <see cref="LogitBoost"/> is evidence added to the
/// classifier's log-odds, not a verdict: a benign prompt that merely mentions the words stays below
/// the flag threshold unless the classifier agrees. <see cref="Anchors"/> are substrings every match
/// contains; a vectorised search for them skips the regex on almost all benign text.
/// </summary>
internal sealed record InjectionRule(string Name, Regex Pattern, double LogitBoost, SearchValues<string> Anchors)
{
    public bool IsMatch(string text) => text.AsSpan().IndexOfAny(Anchors) >= 0 && Pattern.IsMatch(text);
}
