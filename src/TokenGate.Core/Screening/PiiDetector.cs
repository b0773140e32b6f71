using System.Text;
using System.Text.RegularExpressions;

namespace TokenGate.Core.Screening;

/// <summary>
/// Finds personal data and secrets in raw text: e-mail, phone, payment card (Luhn), IBAN (mod 97),
/// US SSN, OpenAI-style keys, AWS access key ids, private key blocks and JWTs. Kinds are stable
/// names ("email", "secret:jwt"); matched values are never reported, only replaced when redacting.
/// </summary>
public static partial class PiiDetector
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly (string Kind, Func<Regex> Pattern, Func<string, bool>? Check)[] Detectors =
    [
        ("secret:private-key", PrivateKeyRegex, null),
        ("secret:jwt", JwtRegex, null),
        ("secret:api-key", OpenAiKeyRegex, null),
        ("secret:aws-access-key", AwsKeyRegex, null),
        ("email", EmailRegex, null),
        ("iban", IbanRegex, IsValidIban),
        ("payment-card", CardRegex, IsLuhnValid),
        ("us-ssn", SsnRegex, null),
        ("phone", PhoneRegex, null),
    ];

    /// <summary>The kinds found in <paramref name="text"/>, each once, added to <paramref name="kinds"/>.</summary>
    public static void Detect(string text, ICollection<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(kinds);
        var hasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        foreach (var (kind, pattern, check) in Detectors)
        {
            if (kinds.Contains(kind) || !Worth(kind, text, hasDigit))
            {
                continue;
            }

            foreach (var match in pattern().EnumerateMatches(text))
            {
                if (check is null || check(text.Substring(match.Index, match.Length)))
                {
                    kinds.Add(kind);
                    break;
                }
            }
        }
    }

    /// <summary>Replaces every finding with "[REDACTED:kind]"; returns the text unchanged when nothing was found.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        var result = text;
        foreach (var (kind, pattern, check) in Detectors)
        {
            if (!Worth(kind, result, hasDigit))
            {
                continue;
            }

            result = pattern().Replace(result, m => check is null || check(m.Value) ? $"[REDACTED:{kind}]" : m.Value);
        }

        return result;
    }

    // Cheap pre-checks keep a clean 2 KB prompt far from the 50 µs budget.
    private static bool Worth(string kind, string text, bool hasDigit) => kind switch
    {
        "email" => text.Contains('@', StringComparison.Ordinal),
        "secret:private-key" => text.Contains("-----BEGIN", StringComparison.Ordinal),
        "secret:jwt" => text.Contains("eyJ", StringComparison.Ordinal),
        "secret:api-key" => text.Contains("sk-", StringComparison.Ordinal),
        "secret:aws-access-key" => text.Contains("AKIA", StringComparison.Ordinal) || text.Contains("ASIA", StringComparison.Ordinal),
        _ => hasDigit,
    };

    internal static bool IsLuhnValid(string candidate)
    {
        var sum = 0;
        var digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    internal static bool IsValidIban(string candidate)
    {
        var compact = new StringBuilder(candidate.Length);
        foreach (var c in candidate)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        var rearranged = compact.ToString(4, compact.Length - 4) + compact.ToString(0, 4);
        var remainder = 0;
        foreach (var c in rearranged)
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                var value = c - 'A' + 10;
                remainder = ((remainder * 100) + value) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----|$)", Options)]
    private static partial Regex PrivateKeyRegex();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", Options)]
    private static partial Regex JwtRegex();

    [GeneratedRegex(@"\bsk-(proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}", Options)]
    private static partial Regex OpenAiKeyRegex();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", Options)]
    private static partial Regex AwsKeyRegex();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", Options)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2,7}( ?[A-Z0-9]{1,4})?\b", Options)]
    private static partial Regex IbanRegex();

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", Options)]
    private static partial Regex CardRegex();

    [GeneratedRegex(@"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])", Options)]
    private static partial Regex SsnRegex();

    [GeneratedRegex(@"(?<![\w+.-])(\+1[ .-]?)?(\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w.-]| \d)|(?<![\w+.-])\+\d{1,3}([ .-]\d{2,5}){2,4}(?![\w.-]| \d)|(?<![\w+])\+\d{8,14}(?!\w)", Options)]
    private static partial Regex PhoneRegex();
}
