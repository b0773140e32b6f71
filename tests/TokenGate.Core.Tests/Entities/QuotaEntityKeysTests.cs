using CsCheck;
using TokenGate.Core.Entities;

namespace TokenGate.Core.Tests.Entities;

public class QuotaEntityKeysTests
{
    private static readonly Gen<string> GenId = Gen.OneOf(
        Gen.String[Gen.Char["ab:_~%/\\#?@"], 1, 6],
        Gen.String[1, 12],
        Gen.String[Gen.Char.AlphaNumeric, 150, 260]);

    [Fact]
    public void ForUser_DistinctPairs_NeverShareAKey()
    {
        Gen.Select(GenId, GenId, GenId, GenId).Sample((t1, u1, t2, u2) =>
            (t1 == t2 && u1 == u2) == (QuotaEntityKeys.ForUser(t1, u1) == QuotaEntityKeys.ForUser(t2, u2)), iter: 2000);
    }

    [Fact]
    public void ForUser_AnyInput_IsStorageSafeAndBounded()
    {
        Gen.Select(GenId, GenId).Sample((tenant, user) =>
        {
            var key = QuotaEntityKeys.ForUser(tenant, user);
            return key.Length <= QuotaEntityKeys.MaxKeyLength
                && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '~');
        }, iter: 2000);
    }

    [Fact]
    public void ForUser_LoneSurrogates_StayDistinct()
    {
        Assert.NotEqual(QuotaEntityKeys.ForUser("t", "\uD800"), QuotaEntityKeys.ForUser("t", "\uD801"));
    }

    [Fact]
    public void ForUser_SeparatorInsideAnId_CannotForgeAnotherPair()
    {
        Assert.NotEqual(QuotaEntityKeys.ForUser("a:b", "c"), QuotaEntityKeys.ForUser("a", "b:c"));
    }

    [Fact]
    public void ForUser_EmptyTenantOrUser_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuotaEntityKeys.ForUser("", "u"));
        Assert.Throws<ArgumentException>(() => QuotaEntityKeys.ForUser("t", ""));
    }
}
