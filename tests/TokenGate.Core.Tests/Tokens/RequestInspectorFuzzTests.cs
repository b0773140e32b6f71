using System.Text;
using System.Text.Json;
using CsCheck;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class RequestInspectorFuzzTests
{
    private static readonly EndpointKind[] Kinds = Enum.GetValues<EndpointKind>();

    internal static readonly string[] ValidBodies =
    [
        """{"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi","name":"bob"}],"max_tokens":100,"n":2,"stream":true}""",
        """{"messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==","detail":"high"}}]}],"stream":true,"stream_options":{"include_usage":false}}""",
        """{"model":"gpt-4","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c","content":"ok"}],"tools":[{"type":"function","function":{"name":"f","description":"d.","parameters":{"type":"object","properties":{"a":{"type":"integer","description":"a.","enum":[1,2]},"o":{"type":"object","properties":{"b":{"type":"string"}}}}}}}],"max_completion_tokens":5}""",
        """{"prompt":["one","two"],"max_tokens":10,"best_of":2,"stream":true,"stream_options":{}}""",
        """{"prompt":[[1,2,3],[4]]}""",
        """{"input":["a","b"],"model":"text-embedding-3-small"}""",
        """{"model":"gpt-4.1","instructions":"Be terse.","max_output_tokens":300,"input":[{"role":"user","content":[{"type":"input_text","text":"Hi"},{"type":"input_image","image_url":"https://x/y.png","detail":"low"}]},{"type":"function_call","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"r"},{"type":"reasoning","id":"r1","summary":[]}]}""",
        """{"input":"hello","stream":true,"tools":[{"type":"web_search"}]}""",
    ];

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Int[0, Kinds.Length - 1]).Sample((bytes, k) =>
        {
            var result = RequestInspector.Read(bytes, Kinds[k], "gpt-4o");
            Assert.True(result.IsValid || !string.IsNullOrEmpty(result.ErrorMessage));
        }, iter: 3000);
    }

    [Fact]
    public void Read_RandomJsonLikeText_NeverThrows()
    {
        var alphabet = "{}[]\":,0123456789-.eE truefalsnul\\u\"messages\"role\"content\"input\"prompt\"";
        Gen.Select(Gen.Int[0, alphabet.Length - 1].Array[0, 300], Gen.Int[0, Kinds.Length - 1]).Sample((indexes, k) =>
        {
            var text = new string([.. indexes.Select(i => alphabet[i])]);
            var result = RequestInspector.Read(Encoding.UTF8.GetBytes(text), Kinds[k], null);
            Assert.True(result.IsValid || !string.IsNullOrEmpty(result.ErrorMessage));
        }, iter: 3000);
    }

    [Fact]
    public void ReadAndRewrite_MutatedValidBodies_NeverThrowAndRewritesStayValidJson()
    {
        var mutation = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.Byte);
        var gen = Gen.Select(Gen.Int[0, ValidBodies.Length - 1], mutation.Array[1, 4], Gen.Int[0, Kinds.Length - 1], Gen.Int[1, 5000]);
        gen.Sample((bodyIndex, mutations, k, cap) =>
        {
            var body = Mutate(Encoding.UTF8.GetBytes(ValidBodies[bodyIndex]), mutations);
            var result = RequestInspector.Read(body, Kinds[k], "gpt-4o");
            if (!result.IsValid)
            {
                Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
                return;
            }

            var rewritten = RequestRewriter.Rewrite(body, result.Facts!, cap);
            var again = RequestInspector.Read(rewritten.Span, Kinds[k], "gpt-4o");
            Assert.True(again.IsValid, again.ErrorMessage);
        }, iter: 4000);
    }

    [Fact]
    public void Read_EveryTruncationOfAValidBody_IsInvalidNotAnException()
    {
        foreach (var body in ValidBodies.Select(Encoding.UTF8.GetBytes))
        {
            for (var length = 0; length < body.Length; length++)
            {
                var result = RequestInspector.Read(body.AsSpan(0, length), EndpointKind.ChatCompletions, null);
                Assert.False(result.IsValid);
            }
        }
    }

    [Fact]
    public void Read_ValidBodies_AreValidForTheirKind()
    {
        EndpointKind[] kinds = [EndpointKind.ChatCompletions, EndpointKind.ChatCompletions, EndpointKind.ChatCompletions, EndpointKind.Completions, EndpointKind.Completions, EndpointKind.Embeddings, EndpointKind.Responses, EndpointKind.Responses];
        for (var i = 0; i < ValidBodies.Length; i++)
        {
            var result = RequestInspector.Read(Encoding.UTF8.GetBytes(ValidBodies[i]), kinds[i], null);
            Assert.True(result.IsValid, $"{i}: {result.ErrorMessage}");
            using var _ = JsonDocument.Parse(ValidBodies[i]);
        }
    }

    private static byte[] Mutate(byte[] body, (int Op, int A, int B, byte Value)[] mutations)
    {
        var bytes = body.ToList();
        foreach (var (op, a, b, value) in mutations)
        {
            if (bytes.Count == 0)
            {
                bytes.Add(value);
                continue;
            }

            var at = a % bytes.Count;
            switch (op)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (b % 8)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    // Duplicate a slice: makes duplicate keys, doubled values and odd nesting.
                    var len = Math.Min(bytes.Count - at, 1 + (b % 40));
                    bytes.InsertRange(at, bytes.GetRange(at, len));
                    break;
                default:
                    // Swap in a structural or numeric oddity.
                    var oddities = new[] { "[", "]", "{", "}", "null", "1e999", "-1", "\"", "\\", "99999999999", "\"\\ud800\"" };
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(oddities[b % oddities.Length]));
                    break;
            }
        }

        return [.. bytes];
    }
}
