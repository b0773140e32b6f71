using System.Text;
using System.Text.Json;
using CsCheck;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class UnicodeEscapesTests
{
    /// <summary>Pieces of JSON string text, escaped: characters, pairs, lone halves, and look-alikes that are not escapes.</summary>
    private static readonly string[] Pieces =
    [
        "a", "é", "😀", @"\\", @"\""", @"\n", @"\u00e9", @"\u0041", @"\uD83D\uDE00", @"\ud83d\ude00", // characters
        @"\ud800", @"\uDBFF", @"\udc00", @"\uDFFF", @"\ud83d", @"\ude00", // lone halves
        @"\\ud800", @"\\\ud800", @"\\\\ud800", "ud800", // an escaped backslash before "ud800" is not an escape; three are one plus an escape
    ];

    [Fact]
    public void HasUnpairedSurrogate_AgreesWithWhatTheJsonReaderCanDecode_InValuesAndNames()
    {
        Gen.Int[0, Pieces.Length - 1].Array[0, 8].Select(Gen.Bool).Sample((picks, inName) =>
        {
            var text = string.Concat(picks.Select(p => Pieces[p]));
            var json = inName ? $"{{\"{text}\":1}}" : $"{{\"messages\":[{{\"content\":\"{text}\"}}]}}";
            var bytes = Encoding.UTF8.GetBytes(json);

            Assert.Equal(CannotDecode(bytes), UnicodeEscapes.HasUnpairedSurrogate(bytes));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(@"\ud800", true)]
    [InlineData(@"\ud83d\ude00", false)]
    [InlineData(@"\ude00\ud83d", true)]
    [InlineData(@"\ud83dx", true)]
    [InlineData(@"\ud83d\u0041", true)]
    [InlineData(@"\\ud800", false)]
    [InlineData(@"x\u00e9y", false)]
    public void HasUnpairedSurrogate_OnOneString(string escaped, bool expected) =>
        Assert.Equal(expected, UnicodeEscapes.HasUnpairedSurrogate(Encoding.ASCII.GetBytes(escaped)));

    [Theory]
    [InlineData(EndpointKind.ChatCompletions, """{"messages":[{"role":"user","content":"a\ud800b"}]}""")]
    [InlineData(EndpointKind.ChatCompletions, """{"messages":[{"role":"user","content":"hi"}],"user":"\udfff"}""")]
    [InlineData(EndpointKind.ChatCompletions, """{"x\ud800":1,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData(EndpointKind.Embeddings, """{"input":["ok","\ud83d"]}""")]
    [InlineData(EndpointKind.Responses, """{"model":"gpt-4o","input":"\ude00\ud83d"}""")]
    public void Read_AnUnpairedSurrogateEscapeAnywhere_IsInvalidNamingTheProblem(EndpointKind kind, string body)
    {
        var result = RequestInspector.Read(Encoding.UTF8.GetBytes(body), kind, "gpt-4o");

        Assert.False(result.IsValid);
        Assert.Contains("unpaired surrogate", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EscapedCharactersAndPairs_AreValid()
    {
        var result = RequestInspector.Read("""{"messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude00 \\ud800"}]}"""u8, EndpointKind.ChatCompletions, "gpt-4o");

        Assert.True(result.IsValid, result.ErrorMessage);
    }

    private static bool CannotDecode(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        try
        {
            Walk(document.RootElement);
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }
}
