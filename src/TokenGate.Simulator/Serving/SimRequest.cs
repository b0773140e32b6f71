namespace TokenGate.Simulator.Serving;

/// <summary>The facts of a request body the simulator needs; everything else is ignored.</summary>
internal sealed class SimRequest
{
    public string? Model { get; set; }

    public bool Stream { get; set; }

    public bool IncludeUsage { get; set; }

    public int N { get; set; } = 1;

    /// <summary>max_completion_tokens, max_tokens or max_output_tokens, whichever the body sets (the first wins).</summary>
    public int? MaxTokens { get; set; }

    public int? Dimensions { get; set; }

    public bool Base64 { get; set; }

    public bool HasPrompt { get; set; }

    /// <summary>UTF-8 bytes of all prompt text (non-embedding routes).</summary>
    public long PromptBytes { get; set; }

    /// <summary>Token ids given directly (legacy prompt or embeddings input), one token each.</summary>
    public long PromptTokenIds { get; set; }

    public ulong PromptHash { get; set; } = TextHash.Offset;

    /// <summary>Embedding inputs: tokens and hash of each.</summary>
    public List<(int Tokens, ulong Hash)> Inputs { get; } = [];

    public int PromptTokens => (int)Math.Min(int.MaxValue, ((PromptBytes + 3) / 4) + PromptTokenIds);
}
