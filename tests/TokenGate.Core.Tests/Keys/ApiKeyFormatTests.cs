using CsCheck;
using TokenGate.Core.Keys;

namespace TokenGate.Core.Tests.Keys;

public class ApiKeyFormatTests
{
    [Fact]
    public void Create_ProducesKeyThatParsesBackToItsIdAndVerifiesAgainstItsHash()
    {
        var generated = ApiKeyFactory.Create();

        Assert.True(ApiKeyFormat.TryParse(generated.Key, out var parsed));
        Assert.Equal(generated.KeyId, parsed.KeyId);
        Assert.Equal(ApiKeyFormat.KeyLength, generated.Key.Length);
        Assert.True(ApiKeyFormat.Verify(parsed.Secret, generated.SecretHash));
        Assert.Equal(ApiKeyFormat.HashLength, generated.SecretHash.Length);
    }

    [Fact]
    public void Create_TwiceGivesDifferentIdsAndSecrets()
    {
        var a = ApiKeyFactory.Create();
        var b = ApiKeyFactory.Create();

        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.NotEqual(a.Key, b.Key);
    }

    [Fact]
    public void Verify_WithWrongSecret_ReturnsFalse()
    {
        var generated = ApiKeyFactory.Create();
        var other = ApiKeyFactory.Create();
        Assert.True(ApiKeyFormat.TryParse(other.Key, out var parsed));

        Assert.False(ApiKeyFormat.Verify(parsed.Secret, generated.SecretHash));
    }

    [Fact]
    public void Verify_WithMalformedStoredHash_ReturnsFalse()
    {
        Assert.False(ApiKeyFormat.Verify("secret", new byte[5]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-abc")]
    [InlineData("tg_")]
    [InlineData("tg_0123456789ABCDEF_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("tg_0123456789abcdef-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("tg_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=")]
    [InlineData("xx_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("tg_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_WithMalformedKey_ReturnsFalse(string? presented)
    {
        Assert.False(ApiKeyFormat.TryParse(presented, out _));
    }

    [Fact]
    public void TryParse_NeverThrowsOnArbitraryInput()
    {
        Gen.String.Sample(s => { ApiKeyFormat.TryParse(s, out _); });
        Gen.Char.AlphaNumeric.Array[60, 64].Select(c => "tg_" + new string(c)).Sample(s => { ApiKeyFormat.TryParse(s, out _); });
    }

    [Fact]
    public void ParsedKey_ToString_HidesTheSecret()
    {
        var generated = ApiKeyFactory.Create();
        Assert.True(ApiKeyFormat.TryParse(generated.Key, out var parsed));

        Assert.DoesNotContain(parsed.Secret, parsed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(generated.Key, generated.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("0123456789abcde", false)]
    [InlineData("0123456789abcdeg", false)]
    [InlineData(null, false)]
    public void IsValidKeyId_AcceptsOnlyLowerHexOfTheRightLength(string? keyId, bool expected)
    {
        Assert.Equal(expected, ApiKeyFormat.IsValidKeyId(keyId));
    }
}
