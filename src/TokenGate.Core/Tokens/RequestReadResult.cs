namespace TokenGate.Core.Tokens;

/// <summary>Either the facts of a well-formed request, or why it is not (for a 400 naming <see cref="ErrorParam"/>).</summary>
public sealed record RequestReadResult(RequestFacts? Facts, string? ErrorMessage, string? ErrorParam)
{
    public bool IsValid => Facts is not null;

    public static RequestReadResult Valid(RequestFacts facts) => new(facts, null, null);

    public static RequestReadResult Invalid(string message, string? param = null) => new(null, message, param);
}
