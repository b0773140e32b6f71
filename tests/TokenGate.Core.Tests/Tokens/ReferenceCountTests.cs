using System.Text;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

/// <summary>
/// The estimator against reference counts. Published: OpenAI cookbook "How to count tokens with
/// tiktoken" (prompt_tokens reported by the API: 129 for gpt-4/gpt-3.5, 124 for gpt-4o/gpt-4o-mini on
/// the jargon example; 105 / 101 on the weather-tool example). Computed: the raw tokenizer on each
/// text plus OpenAI's per-message overheads. Tolerance: exact (0 tokens) for text and function tools.
/// </summary>
public class ReferenceCountTests
{
    private const string JargonMessages = """
        [
          {"role":"system","content":"You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
          {"role":"system","name":"example_user","content":"New synergies will help drive top-line growth."},
          {"role":"system","name":"example_assistant","content":"Things working well together will increase revenue."},
          {"role":"system","name":"example_user","content":"Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
          {"role":"system","name":"example_assistant","content":"Let's talk later when we're less busy about how to do better."},
          {"role":"user","content":"This late pivot means we don't have time to boil the ocean for the client deliverable."}
        ]
        """;

    private const string WeatherTools = """
        [{"type":"function","function":{"name":"get_current_weather","description":"Get the current weather in a given location",
          "parameters":{"type":"object","properties":{
            "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
            "unit":{"type":"string","description":"The unit of temperature to return","enum":["celsius","fahrenheit"]}},
          "required":["location"]}}}]
        """;

    private const string WeatherMessages = """
        [{"role":"system","content":"You are a helpful assistant that can answer to questions about the weather."},
         {"role":"user","content":"What's the weather like in San Francisco?"}]
        """;

    [Theory]
    [InlineData("gpt-3.5-turbo", 129)]
    [InlineData("gpt-35-turbo", 129)]
    [InlineData("gpt-4-0613", 129)]
    [InlineData("gpt-4", 129)]
    [InlineData("gpt-4o", 124)]
    [InlineData("gpt-4o-mini", 124)]
    public void Chat_CookbookJargonExample_MatchesPublishedApiCount(string model, int published)
    {
        var facts = Read($$"""{"model":"{{model}}","messages":{{JargonMessages}},"temperature":0,"max_tokens":1}""");

        Assert.Equal(published, facts.PromptTokens);
        Assert.False(facts.PromptTokensApproximate);
    }

    [Theory]
    [InlineData("gpt-3.5-turbo", 105)]
    [InlineData("gpt-4", 105)]
    [InlineData("gpt-4o", 101)]
    [InlineData("gpt-4o-mini", 101)]
    public void Chat_CookbookToolExample_MatchesPublishedApiCount(string model, int published)
    {
        var facts = Read($$"""{"model":"{{model}}","messages":{{WeatherMessages}},"tools":{{WeatherTools}},"temperature":0}""");

        Assert.Equal(published, facts.PromptTokens);
    }

    public static TheoryData<string, string> Texts => new()
    {
        { "gpt-4o", "Hello!" },
        { "gpt-4o", "antidisestablishmentarianism" },
        { "gpt-4", "お誕生日おめでとう" },
        { "gpt-4o", "お誕生日おめでとう" },
        { "gpt-4.1", "def fib(n):\n    return n if n < 2 else fib(n-1) + fib(n-2)\n" },
        { "gpt-35-turbo", "Émile Zola — \"J'accuse…!\" 🚀🚀" },
        { "o3-mini", new string('a', 5000) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Chat_SingleUserMessage_IsRawCountPlusOverheads(string model, string text)
    {
        var tokenizer = ModelTokenizers.ForModel(model);
        var json = System.Text.Json.JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = text } } });

        var facts = Read(json);

        // 3 per message + "user" (1 token) + the text + 3 to prime the reply.
        Assert.Equal(3 + tokenizer.Count("user") + tokenizer.Count(text) + 3, facts.PromptTokens);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Embeddings_StringInput_IsExactlyTheRawCount(string model, string text)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { model, input = text });

        var facts = RequestInspector.Read(Encoding.UTF8.GetBytes(json), EndpointKind.Embeddings, null).Facts!;

        Assert.Equal(ModelTokenizers.ForModel(model).Count(text), facts.PromptTokens);
    }

    [Fact]
    public void Chat_ImagePart_AddsTileTokensToTheText()
    {
        var body = $$$"""
            {"model":"gpt-4o","messages":[{"role":"user","content":[
              {"type":"text","text":"What is in this image?"},
              {"type":"image_url","image_url":{"url":"{{{TestImages.PngDataUrl(1024, 1024)}}}","detail":"high"}},
              {"type":"image_url","image_url":{"url":"https://example.com/x.png","detail":"low"}}]}]}
            """;
        var tokenizer = ModelTokenizers.ForModel("gpt-4o");

        var facts = Read(body);

        Assert.Equal(3 + 1 + tokenizer.Count("What is in this image?") + 765 + 85 + 3, facts.PromptTokens);
    }

    [Fact]
    public void Chat_AssistantToolCallsAndToolMessage_AreCounted()
    {
        const string args = "{\"location\":\"Paris\"}";
        var body = """
            {"model":"gpt-4o","messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"22C and sunny"}]}
            """;
        var t = ModelTokenizers.ForModel("gpt-4o");

        var facts = Read(body);

        var expected = (3 + t.Count("user") + t.Count("Weather in Paris?"))
            + (3 + t.Count("assistant") + 3 + t.Count("get_weather") + t.Count(args))
            + (3 + t.Count("tool") + t.Count("call_1") + t.Count("22C and sunny"))
            + 3;
        Assert.Equal(expected, facts.PromptTokens);
        Assert.Equal(["Weather in Paris?", "22C and sunny"], facts.UserTexts);
    }

    private static RequestFacts Read(string json)
    {
        var result = RequestInspector.Read(Encoding.UTF8.GetBytes(json), EndpointKind.ChatCompletions, null);
        Assert.True(result.IsValid, result.ErrorMessage);
        return result.Facts!;
    }
}
