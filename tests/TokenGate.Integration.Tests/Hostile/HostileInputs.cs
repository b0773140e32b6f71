using System.Text;
using CsCheck;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>CsCheck generators of invalid requests against the public OpenAI surface; none of them may reach the upstream.</summary>
public static class HostileInputs
{
    public const string ChatPath = "/openai/deployments/" + HostileHost.Deployment + "/chat/completions?api-version=2024-10-21";
    public const string EmbeddingsPath = "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21";
    public const string V1ChatPath = "/openai/v1/chat/completions";
    public const string ValidChat = """{"messages":[{"role":"user","content":"Hello there"}],"max_tokens":5}""";
    public const string ValidEmbeddings = """{"input":"Hello there"}""";
    public const string ValidV1Chat = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello there"}],"max_tokens":5}""";

    private static readonly string[] Templates =
    [
        ValidChat,
        """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true,"stream_options":{"include_usage":true},"n":2}""",
        ValidEmbeddings,
        """{"input":["a","b","c"],"encoding_format":"float"}""",
    ];

    private static readonly (string Field, string[] Bad)[] WrongTypes =
    [
        ("messages", ["\"x\"", "5", "true", "null", "{}", "\"" + new string('m', 300) + "\""]),
        ("max_tokens", ["\"5\"", "true", "{}", "[]", "-1", "0", "1.5", "1e400", "-1e400", "99999999999999999999999999", "-99999999999999999999", "2147483648", "[5]"]),
        ("max_completion_tokens", ["\"5\"", "false", "-7", "0", "3.25", "1e309", "18446744073709551616"]),
        ("n", ["0", "-3", "129", "1.5", "\"2\"", "1e400", "true", "99999999999999999999", "{}"]),
        ("stream", ["\"true\"", "1", "0", "{}", "[]", "\"false\""]),
        ("stream_options", ["\"x\"", "5", "true", "[]"]),
        ("model", ["5", "true", "{}", "[]", "1e400"]),
    ];

    private static readonly string[] Routes = [ChatPath, EmbeddingsPath, V1ChatPath, "/openai/v1/embeddings", "/openai/deployments/gpt-4o/completions?api-version=2024-10-21"];

    /// <summary>Bodies that are not valid requests, sent with a valid key to a valid route.</summary>
    public static Gen<HostileRequest> InvalidBodies(string key) =>
        Gen.Frequency(
            (3, RandomBytes),
            (6, Truncated),
            (6, WrongType),
            (2, DeepNesting),
            (1, GiantWrongTypedString),
            (2, NotAnObject),
            (1, Empty))
        .Select(Gen.OneOf(Routes), Gen.Bool, (b, route, chunked) => WithKey(b, route, chunked, key));

    /// <summary>Invalid UTF-8 inside the texts the gateway reads (message content, embeddings input).</summary>
    public static Gen<HostileRequest> InvalidUtf8Bodies(string key) =>
        InvalidUtf8.Select(Gen.OneOf(ChatPath, EmbeddingsPath), Gen.Bool, (b, route, chunked) => WithKey(b, route, chunked, key));

    /// <summary>
    /// An escaped lone surrogate (<c>\ud800</c>: grammatical JSON, not Unicode) in every kind of place: texts the gateway
    /// reads, property names, the model, fields it only passes on.
    /// </summary>
    public static Gen<HostileRequest> UnpairedSurrogateEscapes(string key) =>
        Gen.Select(
                Gen.OneOf(
                    (ChatPath, """{"messages":[{"role":"user","content":"a§b"}]}"""),
                    (ChatPath, """{"messages":[{"role":"system","content":[{"type":"text","text":"§"}]},{"role":"user","content":"hi"}]}"""),
                    (ChatPath, """{"messages":[{"role":"user","name":"n§","content":"hi"}]}"""),
                    (ChatPath, """{"x§":1,"messages":[{"role":"user","content":"hi"}]}"""),
                    (ChatPath, """{"messages":[{"role":"user","content":"hi"}],"user":"§"}"""),
                    (ChatPath, """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"p§":{"type":"string"}}}}}]}"""),
                    (V1ChatPath, """{"model":"gpt-4o-mini§","messages":[{"role":"user","content":"hi"}]}"""),
                    (EmbeddingsPath, """{"input":"§"}"""),
                    (EmbeddingsPath, """{"input":["ok","x§"]}"""),
                    ("/openai/v1/responses", """{"model":"gpt-4o-mini","input":"§"}""")),
                Gen.OneOf(@"\ud800", @"\uDBFF", @"\udc00", @"\uDFFF", @"\ud83d", @"\ude00\ud83d", @"\ud83dx", @"\ud83d\u0041"),
                Gen.Bool)
            .Select((place, lone, chunked) =>
                WithKey(("unpaired-surrogate", Encoding.UTF8.GetBytes(place.Item2.Replace("§", lone, StringComparison.Ordinal))), place.Item1, chunked, key));

    /// <summary>A valid request followed by more bytes: a second value, garbage, or a second object.</summary>
    public static Gen<HostileRequest> TrailingContent(string key) =>
        Gen.OneOf("{}", " trailing", "{\"messages\":[]}", "]", "\u0000", ",", "x")
            .Select(Gen.Bool, (tail, chunked) => WithKey(("trailing-content", Encoding.UTF8.GetBytes(ValidChat + tail)), ChatPath, chunked, key));

    private static HostileRequest WithKey((string Label, byte[] Body) b, string route, bool chunked, string key) =>
        new(b.Label, "POST", route, [new("api-key", key), new("content-type", "application/json")], b.Body, chunked);

    /// <summary>Bodies just over the configured limit (with a declared length or chunked).</summary>
    public static Gen<HostileRequest> Oversized(string key, int limit) =>
        Gen.Select(Gen.Int[limit + 1, limit + 4096], Gen.Bool, Gen.Bool)
            .Select((size, chunked, valid) =>
            {
                var prefix = """{"messages":[{"role":"user","content":" """;
                var json = valid ? prefix + new string('a', size - prefix.Length - 4) + "\"}]}" : prefix + new string('a', size - prefix.Length);
                return new HostileRequest("oversized", "POST", ChatPath, [new("api-key", key)], Encoding.UTF8.GetBytes(json), chunked);
            });

    /// <summary>Valid bodies with duplicate keys (a parser differential: the gateway and the upstream may read different values).</summary>
    public static Gen<HostileRequest> DuplicateKeys(string key) =>
        Gen.Select(Gen.OneOf("max_tokens", "messages", "stream", "n", "model"), Gen.Int[1, 4096])
            .Select((field, value) =>
            {
                var duplicate = field switch
                {
                    "messages" => "\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', value % 200) + "\"}]",
                    "stream" => "\"stream\":true",
                    "n" => "\"n\":" + (value % 128 + 1),
                    "model" => "\"model\":\"gpt-4o\"",
                    _ => "\"max_tokens\":" + value,
                };
                var body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1,\"stream\":false,\"n\":1," + duplicate + "}";
                return new HostileRequest("duplicate-key:" + field, "POST", ChatPath, [new("api-key", key)], Encoding.UTF8.GetBytes(body), false);
            });

    /// <summary>Valid bodies with missing, malformed, unknown or spoofed credentials.</summary>
    public static Gen<HostileRequest> BadCredentials(string realKey) =>
        Gen.Select(BadCredentialHeaders(realKey), Gen.OneOf(Routes))
            .Select((h, route) => new HostileRequest("credentials:" + h.Label, "POST", route, h.Headers, Encoding.UTF8.GetBytes(route.Contains("embeddings", StringComparison.Ordinal) ? ValidEmbeddings : ValidV1Chat), false));

    /// <summary>Odd methods and paths under /openai with an invalid body, with or without a key.</summary>
    public static Gen<HostileRequest> OddRoutes(string key) =>
        Gen.Select(Gen.OneOf("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "POST", "PROPFIND", "X-HACK"), OddPath, Gen.Bool)
            .Select((method, path, withKey) =>
            {
                List<KeyValuePair<string, string>> headers = withKey ? [new("api-key", key)] : [];
                var body = method is "GET" or "HEAD" or "TRACE" ? [] : "{\"messages\":"u8.ToArray();
                return new HostileRequest("route:" + method, method, path, headers, body, false);
            });

    private static Gen<string> OddPath =>
        Gen.OneOf(
            Gen.OneOf(Routes),
            Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._~/-"].Array[0, 40].Select(c => "/openai/" + new string(c)),
            Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._~%-"].Array[0, 30].Select(c => "/openai/deployments/" + Uri.EscapeDataString(new string(c)) + "/chat/completions"),
            Gen.OneOf(
                "/openai/deployments/..%2F..%2Fadmin/chat/completions",
                "/openai/deployments/%2e%2e/chat/completions",
                "/openai/deployments//chat/completions",
                "/openai/deployments/gpt-4o-mini/chat/completions/extra",
                "/openai/v1/chat/completions/..",
                "/openai/v1/../v1/chat/completions",
                "/openai/v1/chat%2Fcompletions",
                "/openai/v1/CHAT/COMPLETIONS"));

    private static Gen<(string Label, List<KeyValuePair<string, string>> Headers)> BadCredentialHeaders(string realKey)
    {
        var keyId = realKey.Substring(3, 16);
        return Gen.OneOf(
            Gen.Const(("missing", new List<KeyValuePair<string, string>>())),
            Gen.String[0, 80].Select(s => ("random", new List<KeyValuePair<string, string>> { new("api-key", Printable(s)) })),
            Gen.String[0, 80].Select(s => ("bearer-random", new List<KeyValuePair<string, string>> { new("authorization", "Bearer " + Printable(s)) })),
            Gen.Char["0123456789abcdef"].Array[16].Select(Gen.Char.AlphaNumeric.Array[43], (id, secret) =>
                ("unknown-key", new List<KeyValuePair<string, string>> { new("api-key", "tg_" + new string(id) + "_" + new string(secret)) })),
            Gen.Char.AlphaNumeric.Array[43].Select(secret => ("known-id-wrong-secret", new List<KeyValuePair<string, string>> { new("api-key", "tg_" + keyId + "_" + new string(secret)) })),
            Gen.Int[3, realKey.Length - 1].Select(i => ("flipped-char", new List<KeyValuePair<string, string>> { new("api-key", realKey[..i] + (realKey[i] == 'A' ? 'B' : 'A') + realKey[(i + 1)..]) })),
            Gen.Int[0, realKey.Length - 1].Select(i => ("truncated-key", new List<KeyValuePair<string, string>> { new("api-key", realKey[..i]) })),
            Gen.Const(("wrong-header", new List<KeyValuePair<string, string>> { new("x-api-key", realKey) })),
            Gen.Const(("basic-scheme", new List<KeyValuePair<string, string>> { new("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + realKey))) })),
            Gen.Const(("two-keys", new List<KeyValuePair<string, string>> { new("api-key", realKey), new("api-key", "tg_0000000000000000_" + new string('A', 43)) })),
            Gen.Select(Gen.String[1, 30], Gen.String[1, 30], Gen.Bool).Select((user, tenant, principal) =>
            {
                var headers = new List<KeyValuePair<string, string>> { new("x-tokengate-user", Printable(user) + "u"), new("x-tokengate-tenant", Printable(tenant) + "t") };
                if (principal)
                {
                    headers.Add(new("X-MS-CLIENT-PRINCIPAL-ID", Guid.NewGuid().ToString()));
                }

                return ("spoofed-identity", headers);
            }),
            Gen.String[1, 30].Select(user => ("key-plus-spoofed-identity", new List<KeyValuePair<string, string>> { new("api-key", realKey), new("x-tokengate-user", Printable(user) + "u"), new("x-tokengate-tenant", "other-tenant") })));
    }

    private static Gen<(string Label, byte[] Body)> RandomBytes => Gen.Byte.Array[1, 300].Select(b => ("random-bytes", b));

    private static Gen<(string Label, byte[] Body)> Empty => Gen.OneOf(("empty", Array.Empty<byte>()), ("whitespace", "  \n\t "u8.ToArray()));

    private static Gen<(string Label, byte[] Body)> Truncated =>
        Gen.OneOf(Templates).SelectMany(t => Gen.Int[0, t.Length - 1].Select(i => ("truncated", Encoding.UTF8.GetBytes(t[..i]))));

    private static Gen<(string Label, byte[] Body)> WrongType =>
        Gen.OneOf(WrongTypes).SelectMany(w => Gen.OneOf(w.Bad).Select(bad =>
            ("wrong-type:" + w.Field, Encoding.UTF8.GetBytes(w.Field == "messages"
                ? "{\"messages\":" + bad + ",\"max_tokens\":5}"
                : "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"input\":\"Hi\",\"" + w.Field + "\":" + bad + "}"))));

    private static Gen<(string Label, byte[] Body)> DeepNesting =>
        Gen.Select(Gen.Int[33, 3000], Gen.Bool).Select((depth, inObject) =>
        {
            var nested = new string('[', depth) + new string(']', depth);
            var json = inObject ? "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"input\":\"Hi\",\"model\":\"gpt-4o-mini\",\"metadata\":" + nested + "}" : nested;
            return ("deep-nesting", Encoding.UTF8.GetBytes(json));
        });

    private static Gen<(string Label, byte[] Body)> GiantWrongTypedString =>
        Gen.Int[10_000, 60_000].Select(n => ("giant-string", Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"input\":\"Hi\",\"model\":\"gpt-4o-mini\",\"max_tokens\":\"" + new string('9', n) + "\"}")));

    private static Gen<(string Label, byte[] Body)> InvalidUtf8 =>
        Gen.Select(Gen.OneOf<byte[]>([0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]), Gen.Bool)
            .Select((bad, inEmbeddingsInput) =>
            {
                var head = Encoding.UTF8.GetBytes(inEmbeddingsInput ? "{\"input\":\"ab" : "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"ab");
                var tail = Encoding.UTF8.GetBytes(inEmbeddingsInput ? "cd\"}" : "cd\"}]}");
                return ("invalid-utf8", (byte[])[.. head, .. bad, .. tail]);
            });

    private static Gen<(string Label, byte[] Body)> NotAnObject =>
        Gen.OneOf("[]", "[{\"messages\":[]}]", "\"messages\"", "42", "true", "null", "1e400", "{'messages':[]}", "{messages:[]}", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],}")
            .Select(s => ("not-an-object", Encoding.UTF8.GetBytes(s)));

    private static string Printable(string s) => new(s.Where(c => c is >= ' ' and <= '~').ToArray());
}
