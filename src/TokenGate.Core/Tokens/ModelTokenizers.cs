using Microsoft.ML.Tokenizers;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Maps a model or Azure deployment model name to its tiktoken encoding. The two tokenizers are
/// created once per process, lazily and thread-safely (creating one costs ~0.7 s), and shared.
/// </summary>
public static class ModelTokenizers
{
    /// <summary>Encoding of the gpt-4o, gpt-4.1, o-series and gpt-5 families.</summary>
    public const string O200kBase = "o200k_base";

    /// <summary>Encoding of gpt-4, gpt-3.5 and the text-embedding models.</summary>
    public const string Cl100kBase = "cl100k_base";

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding(O200kBase), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding(Cl100kBase), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ModelTokenizer> O200kKnown = new(() => new ModelTokenizer(O200k.Value, O200kBase, false));
    private static readonly Lazy<ModelTokenizer> O200kFallback = new(() => new ModelTokenizer(O200k.Value, O200kBase, true));
    private static readonly Lazy<ModelTokenizer> Cl100kKnown = new(() => new ModelTokenizer(Cl100k.Value, Cl100kBase, false));

    // Longest prefixes first: "gpt-4o" and "gpt-4.1" must win over "gpt-4".
    private static readonly (string Prefix, string Encoding)[] Prefixes =
    [
        ("gpt-4o", O200kBase),
        ("gpt-4.1", O200kBase),
        ("gpt-4.5", O200kBase),
        ("gpt-5", O200kBase),
        ("chatgpt-4o", O200kBase),
        ("o1", O200kBase),
        ("o3", O200kBase),
        ("o4", O200kBase),
        ("gpt-oss", O200kBase),
        ("codex-mini", O200kBase),
        ("computer-use", O200kBase),
        ("gpt-4", Cl100kBase),
        ("gpt-35-turbo", Cl100kBase),
        ("gpt-3.5-turbo", Cl100kBase),
        ("gpt-35", Cl100kBase),
        ("gpt-3.5", Cl100kBase),
        ("text-embedding-ada-002", Cl100kBase),
        ("text-embedding-3-", Cl100kBase),
    ];

    /// <summary>The encoding name for <paramref name="model"/>, or null when it is not recognised.</summary>
    public static string? EncodingFor(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = model.AsSpan().Trim();
        // "openai/gpt-4o" style provider prefixes and "ft:gpt-4o-mini:org::id" fine-tunes name their base model.
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        if (name.StartsWith("ft:", StringComparison.OrdinalIgnoreCase))
        {
            name = name[3..];
        }

        foreach (var (prefix, encoding) in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return encoding;
            }
        }

        return null;
    }

    /// <summary>The shared tokenizer for <paramref name="model"/>; unknown models get o200k_base marked as a fallback.</summary>
    public static ModelTokenizer ForModel(string? model) => EncodingFor(model) switch
    {
        Cl100kBase => Cl100kKnown.Value,
        O200kBase => O200kKnown.Value,
        _ => O200kFallback.Value,
    };

    /// <summary>The shared tokenizer for an encoding name (<see cref="O200kBase"/> or <see cref="Cl100kBase"/>).</summary>
    public static Tokenizer ForEncoding(string encoding) =>
        encoding == Cl100kBase ? Cl100k.Value : O200k.Value;
}
