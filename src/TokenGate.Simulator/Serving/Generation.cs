namespace TokenGate.Simulator.Serving;

/// <summary>The token arithmetic of one call, identical for streamed and non-streamed answers.</summary>
internal sealed class Generation
{
    public Generation(SimRequest request, CallPlan plan, SimulatorOptions options, ApiKind kind, string model, string id, long created)
    {
        Request = request;
        Plan = plan;
        Model = model;
        Id = id;
        Created = created;
        Choices = kind == ApiKind.Responses ? 1 : request.N;
        PromptTokens = kind == ApiKind.Embeddings ? request.Inputs.Sum(i => i.Tokens) : request.PromptTokens;
        CachedTokens = plan.CachedTokens is { } cached
            ? Math.Min(cached, PromptTokens)
            : options.PromptCacheMinTokens > 0 && PromptTokens >= options.PromptCacheMinTokens ? PromptTokens - (PromptTokens % 128) : 0;
        Seed = options.Seed;

        var reasoning = plan.ReasoningTokens;
        var visible = plan.CompletionTokens;
        if (request.MaxTokens is { } max)
        {
            reasoning = Math.Min(reasoning, max);
            Truncated = visible > max - reasoning;
            visible = Math.Min(visible, max - reasoning);
        }

        if (kind == ApiKind.Embeddings)
        {
            reasoning = visible = 0;
        }

        ReasoningTokens = reasoning;
        VisibleTokens = visible;
    }

    public SimRequest Request { get; }

    public CallPlan Plan { get; }

    public string Model { get; }

    public string Id { get; }

    public long Created { get; }

    public int Choices { get; }

    public int PromptTokens { get; }

    public int CachedTokens { get; }

    public int Seed { get; }

    /// <summary>Content tokens per choice.</summary>
    public int VisibleTokens { get; }

    /// <summary>Reasoning tokens per choice (reported, never sent).</summary>
    public int ReasoningTokens { get; }

    /// <summary>True when the request's maximum cut the answer short (finish_reason "length").</summary>
    public bool Truncated { get; }

    public int CompletionTokens => Choices * (VisibleTokens + ReasoningTokens);

    /// <summary>Content tokens flushed to the client so far (streams), counted if the stream is cut or abandoned.</summary>
    public int SentTokens { get; set; }

    public string FinishReason => Truncated ? "length" : "stop";

    public ulong ChoiceSeed(int choice) => TextGenerator.Seed(Request.PromptHash, Seed, choice);
}
