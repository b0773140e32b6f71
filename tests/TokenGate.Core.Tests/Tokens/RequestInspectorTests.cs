using System.Text;
using TokenGate.Core.Tokens;

namespace TokenGate.Core.Tests.Tokens;

public class RequestInspectorTests
{
    private static RequestReadResult Read(string json, EndpointKind kind = EndpointKind.ChatCompletions, string? hint = null, RequestReadOptions? options = null) =>
        RequestInspector.Read(Encoding.UTF8.GetBytes(json), kind, hint, options);

    private static RequestFacts Valid(string json, EndpointKind kind = EndpointKind.ChatCompletions, string? hint = null, RequestReadOptions? options = null)
    {
        var result = Read(json, kind, hint, options);
        Assert.True(result.IsValid, result.ErrorMessage);
        return result.Facts!;
    }

    [Fact]
    public void Read_CompletionWithoutPrompt_IsInvalidNamingPrompt()
    {
        var result = RequestInspector.Read("""{"max_tokens":5}"""u8, EndpointKind.Completions, "gpt-35-turbo-instruct");

        Assert.False(result.IsValid);
        Assert.Equal("prompt", result.ErrorParam);
    }

    [Theory]
    [InlineData("""{"input":"x","max_tokens":"5"}""", "max_tokens")]
    [InlineData("""{"input":"x","n":0}""", "n")]
    [InlineData("""{"input":"x","max_completion_tokens":true}""", "max_completion_tokens")]
    public void Read_OutputFieldsOfTheWrongTypeOnAnyOperation_AreInvalid(string body, string param)
    {
        var result = RequestInspector.Read(System.Text.Encoding.UTF8.GetBytes(body), EndpointKind.Embeddings, "text-embedding-3-small");

        Assert.False(result.IsValid);
        Assert.Equal(param, result.ErrorParam);
    }

    [Fact]
    public void Read_ChatBody_FillsTheFacts()
    {
        var facts = Valid("""
            {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
             "max_tokens":100,"n":2,"stream":true,"stream_options":{"include_usage":true}}
            """);

        Assert.Equal(EndpointKind.ChatCompletions, facts.Kind);
        Assert.Equal("gpt-4o", facts.Model);
        Assert.Equal(100, facts.MaxOutputTokens);
        Assert.Equal("max_tokens", facts.MaxOutputTokensField);
        Assert.Equal(2, facts.Choices);
        Assert.True(facts.Stream);
        Assert.True(facts.ClientRequestedStreamUsage);
        Assert.Equal(["Be brief.", "Hi"], facts.UserTexts);
        Assert.Equal(200, facts.ReservedOutputTokens);
        Assert.True(facts.PromptTokens > 0);
    }

    [Fact]
    public void Read_UserTexts_AreUserControlledTextInOrderWithoutAssistantText()
    {
        var facts = Valid("""
            {"messages":[{"role":"developer","content":"dev"},{"role":"user","content":[{"type":"text","text":"u1"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},{"type":"text","text":"u2"}]},
             {"role":"assistant","content":"assistant says"},{"role":"tool","tool_call_id":"c","content":"tool out"}]}
            """);

        Assert.Equal(["dev", "u1", "u2", "tool out"], facts.UserTexts);
    }

    [Fact]
    public void Read_MaxCompletionTokens_IsTheMaximumAndNamesItsField()
    {
        var facts = Valid("""{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":50}""");

        Assert.Equal(50, facts.MaxOutputTokens);
        Assert.Equal("max_completion_tokens", facts.MaxOutputTokensField);
    }

    [Fact]
    public void Read_NoMaximum_ReservesTheConfiguredDefaultPerChoice()
    {
        var options = new RequestReadOptions { DefaultOutputTokens = 1000 };

        var facts = Valid("""{"messages":[{"role":"user","content":"x"}],"n":3}""", options: options);

        Assert.Null(facts.MaxOutputTokens);
        Assert.Equal(3000, facts.ReservedOutputTokens);
        Assert.Equal(1500, facts.ReservedOutputTokensCapped(500, 1000));
    }

    [Fact]
    public void Read_BodyModelWins_ByDefaultForV1Routes()
    {
        var facts = Valid("""{"model":"gpt-4","messages":[{"role":"user","content":"x"}]}""", hint: "gpt-4o");

        Assert.Equal("gpt-4", facts.CountedModel);
        Assert.Equal(ModelTokenizers.Cl100kBase, facts.Encoding);
    }

    [Fact]
    public void Read_DeploymentRoute_CountsWithTheConfiguredModelHint()
    {
        var options = new RequestReadOptions { BodyModelWins = false };

        var facts = Valid("""{"model":"gpt-4","messages":[{"role":"user","content":"x"}]}""", hint: "gpt-4o", options: options);

        Assert.Equal("gpt-4", facts.Model);
        Assert.Equal("gpt-4o", facts.CountedModel);
        Assert.Equal(ModelTokenizers.O200kBase, facts.Encoding);
        Assert.False(facts.PromptTokensApproximate);
    }

    [Fact]
    public void WithBodyModelWins_CopiesEveryOtherSetting()
    {
        var options = new RequestReadOptions { MaxDepth = 10, MaxMessages = 5, DefaultOutputTokens = 7 };

        var copy = options.WithBodyModelWins(false);

        Assert.False(copy.BodyModelWins);
        Assert.True(options.BodyModelWins);
        Assert.Equal((10, 5, 7), (copy.MaxDepth, copy.MaxMessages, copy.DefaultOutputTokens));
    }

    [Fact]
    public void Read_UnknownModel_IsMarkedApproximate()
    {
        var facts = Valid("""{"model":"mistral-large","messages":[{"role":"user","content":"x"}]}""");

        Assert.True(facts.PromptTokensApproximate);
        Assert.Equal(ModelTokenizers.O200kBase, facts.Encoding);
    }

    [Fact]
    public void Read_CompletionsPromptArray_CountsEveryPromptAndMultipliesOutput()
    {
        var facts = Valid("""{"model":"gpt-35-turbo-instruct","prompt":["one","two"],"max_tokens":10,"n":2,"best_of":3}""", EndpointKind.Completions);

        Assert.Equal(["one", "two"], facts.UserTexts);
        Assert.Equal(2 * 3, facts.OutputMultiplier);
        Assert.Equal(60, facts.ReservedOutputTokens);
    }

    [Fact]
    public void Read_CompletionsTokenArrays_CountOneTokenPerId()
    {
        var facts = Valid("""{"prompt":[[1,2,3],[4,5]]}""", EndpointKind.Completions);

        Assert.Equal(5, facts.PromptTokens);
        Assert.Empty(facts.UserTexts);
    }

    [Theory]
    [InlineData("""{"input":"hello world"}""", 1)]
    [InlineData("""{"input":["a","b","c"]}""", 3)]
    [InlineData("""{"input":[1,2,3,4]}""", 1)]
    [InlineData("""{"input":[[1,2],[3]]}""", 2)]
    public void Read_EmbeddingsInputShapes_AreAcceptedAndReserveNoOutput(string json, int inputs)
    {
        var facts = Valid(json, EndpointKind.Embeddings, "text-embedding-3-small");

        Assert.Equal(0, facts.ReservedOutputTokens);
        Assert.Equal(0, facts.OutputMultiplier);
        Assert.True(facts.PromptTokens >= inputs);
    }

    [Fact]
    public void Read_ResponsesBody_CountsInstructionsItemsAndMaxOutput()
    {
        var facts = Valid("""
            {"model":"gpt-4.1","instructions":"Be terse.","max_output_tokens":300,"stream":true,
             "input":[{"role":"user","content":[{"type":"input_text","text":"Hi there"}]},
                      {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                      {"type":"function_call_output","call_id":"c1","output":"result"}],
             "tools":[{"type":"function","name":"f","description":"does f","parameters":{"type":"object","properties":{}}}]}
            """, EndpointKind.Responses);

        Assert.Equal(300, facts.MaxOutputTokens);
        Assert.Equal("max_output_tokens", facts.MaxOutputTokensField);
        Assert.Equal(["Be terse.", "Hi there", "result"], facts.UserTexts);
        Assert.Equal(300, facts.ReservedOutputTokens);
        Assert.True(facts.PromptTokens > 20);
    }

    [Fact]
    public void Read_ResponsesStringInput_IsOneUserMessage()
    {
        var t = ModelTokenizers.ForModel("gpt-4o");

        var facts = Valid("""{"model":"gpt-4o","input":"Tell me a joke"}""", EndpointKind.Responses);

        Assert.Equal(3 + t.Count("user") + t.Count("Tell me a joke") + 3, facts.PromptTokens);
        Assert.Equal(["Tell me a joke"], facts.UserTexts);
    }

    public static TheoryData<EndpointKind, string, string?> InvalidBodies => new()
    {
        { EndpointKind.ChatCompletions, "", null },
        { EndpointKind.ChatCompletions, "[]", null },
        { EndpointKind.ChatCompletions, "{\"messages\":", null },
        { EndpointKind.ChatCompletions, "{\"messages\":[]}", "messages" },
        { EndpointKind.ChatCompletions, "{}", "messages" },
        { EndpointKind.ChatCompletions, "{\"messages\":\"hi\"}", "messages" },
        { EndpointKind.ChatCompletions, "{\"messages\":[\"hi\"]}", "messages[0]" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"content\":\"x\"}]}", "messages[0].role" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":7,\"content\":\"x\"}]}", "messages[0].role" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\"}]}", "messages[0].content" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}", "messages[0].content[0].text" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":[5]}]}", "messages[0].content[0]" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}", "max_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"10\"}", "max_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}", "max_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1e400}", "max_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":99999999999999999999999}", "max_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":-1}", "max_completion_tokens" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}", "n" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":129}", "n" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":true}", "stream_options" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{\"include_usage\":1}}", "include_usage" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":{}}", "tools" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{}}]}", "tools[0].function.name" },
        { EndpointKind.ChatCompletions, "{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model" },
        { EndpointKind.ChatCompletions, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"messages\":[]}", null },
        { EndpointKind.Completions, "{\"prompt\":[]}", "prompt" },
        { EndpointKind.Completions, "{\"prompt\":[\"a\",1]}", "prompt[1]" },
        { EndpointKind.Completions, "{\"prompt\":[[1,-2]]}", "prompt[0]" },
        { EndpointKind.Completions, "{\"prompt\":{}}", "prompt" },
        { EndpointKind.Embeddings, "{}", "input" },
        { EndpointKind.Embeddings, "{\"input\":[]}", "input" },
        { EndpointKind.Embeddings, "{\"input\":[1.5]}", "input[0]" },
        { EndpointKind.Responses, "{\"input\":5}", "input" },
        { EndpointKind.Responses, "{\"input\":[{\"role\":\"user\"}]}", "input[0].content" },
        { EndpointKind.Responses, "{\"input\":[{}]}", "input[0].type" },
        { EndpointKind.Responses, "{\"input\":\"x\",\"max_output_tokens\":0}", "max_output_tokens" },
        { EndpointKind.Responses, "{\"input\":\"x\",\"instructions\":[]}", "instructions" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Read_ClientMistakes_AreInvalidNamingTheParameter(EndpointKind kind, string json, string? param)
    {
        var result = Read(json, kind);

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.ErrorMessage));
        Assert.Equal(param, result.ErrorParam);
    }

    [Fact]
    public void Read_InvalidUtf8_IsInvalid()
    {
        byte[] body = [.. "{\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xC3, 0x28, .. "\"}]}"u8];

        var result = RequestInspector.Read(body, EndpointKind.ChatCompletions, null);

        Assert.False(result.IsValid);
        Assert.Contains("UTF-8", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingDeeperThanMaxDepth_IsInvalid()
    {
        var deep = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.False(Read(deep).IsValid);
        Assert.True(Read(deep, options: new RequestReadOptions { MaxDepth = 128 }).IsValid);
    }

    [Fact]
    public void Read_MoreMessagesThanAllowed_IsInvalid()
    {
        var messages = string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", 11));

        var result = Read("{\"messages\":[" + messages + "]}", options: new RequestReadOptions { MaxMessages = 10 });

        Assert.False(result.IsValid);
        Assert.Equal("messages", result.ErrorParam);
    }

    [Fact]
    public void Read_NullOptionalFields_MeanAbsent()
    {
        var facts = Valid("""{"messages":[{"role":"user","content":"x","name":null}],"max_tokens":null,"n":null,"stream":null,"stream_options":null,"tools":null}""");

        Assert.Null(facts.MaxOutputTokens);
        Assert.Equal(1, facts.Choices);
        Assert.False(facts.Stream);
    }
}
