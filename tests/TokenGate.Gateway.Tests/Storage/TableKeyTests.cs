using CsCheck;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class TableKeyTests
{
    [Fact]
    public void Encode_AnyString_DecodesBackAndHasNoForbiddenCharacters()
    {
        Gen.String[Gen.Char, 0, 40].Sample(value =>
        {
            var key = TableKey.Encode(value);
            Assert.Equal(value, TableKey.Decode(key));
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' or ':' || char.IsControl(c));
        }, iter: 20_000);
    }

    [Fact]
    public void Compose_DistinctParts_GiveDistinctKeys()
    {
        Gen.Select(Gen.String[Gen.Char['%', ';'], 0, 6], Gen.String[Gen.Char['%', ';'], 0, 6], Gen.String[Gen.Char['%', ';'], 0, 6], Gen.String[Gen.Char['%', ';'], 0, 6])
            .Sample((a, b, c, d) => (a, b) == (c, d) || TableKey.Compose(a, b) != TableKey.Compose(c, d), iter: 20_000);
    }

    [Fact]
    public void Encode_PlainIds_AreLeftAlone()
    {
        Assert.Equal("tenant-1.user_2", TableKey.Encode("tenant-1.user_2"));
        Assert.Equal("a%2Fb%3Ac%25", TableKey.Encode("a/b:c%"));
    }
}
