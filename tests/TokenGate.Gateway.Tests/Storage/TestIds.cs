namespace TokenGate.Gateway.Tests.Storage;

/// <summary>Ids that exercise key encoding, and unique table prefixes so tests never share data.</summary>
internal static class TestIds
{
    public static readonly string[] Awkward = ["plain", "a/b", "back\\slash", "hash#tag", "what?", "per%cent", "co:lon", "tab\tand\u0001ctl", "ünïcødé ☃", "%2F"];

    public static string TablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
