using TokenGate.Core.Screening;

namespace TokenGate.Core.Tests.Screening;

public class PiiDetectorTests
{
    private static List<string> Kinds(string text)
    {
        var kinds = new List<string>();
        PiiDetector.Detect(text, kinds);
        return kinds;
    }

    [Theory]
    [InlineData("mail me at jane.doe@contoso.com", "email")]
    [InlineData("card 4111-1111-1111-1111 please", "payment-card")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00", "iban")]
    [InlineData("ssn 123-45-6789", "us-ssn")]
    [InlineData("call +44 20 7946 0958 tomorrow", "phone")]
    [InlineData("key sk-proj-abcdefghijklmnopqrstuvwxyz123456", "secret:api-key")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "secret:aws-access-key")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "secret:private-key")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "secret:jwt")]
    public void Detect_FindsTheKind(string text, string kind)
    {
        Assert.Contains(kind, Kinds(text));
    }

    [Theory]
    [InlineData("card 4111-1111-1111-1112 please")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 01")]
    [InlineData("version 10.0.401 released on 2025-03-01")]
    public void Detect_WhenChecksumFailsOrNotPii_FindsNothing(string text)
    {
        Assert.Empty(Kinds(text));
    }

    [Fact]
    public void Redact_ReplacesValuesWithTheKind()
    {
        var redacted = PiiDetector.Redact("write to jane@contoso.com");

        Assert.Equal("write to [REDACTED:email]", redacted);
    }
}
