using System.ComponentModel.DataAnnotations;

namespace TokenGate.Core.Tokens;

/// <summary>Limits and defaults for <see cref="RequestInspector.Read"/>. Bind from <c>Tokens:Request</c>.</summary>
public sealed class RequestReadOptions
{
    /// <summary>The defaults below, shared.</summary>
    public static RequestReadOptions Default { get; } = new();

    /// <summary>Maximum JSON nesting depth; deeper bodies are rejected. Default 64.</summary>
    [Range(4, 256)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Maximum chat messages, Responses input items, prompts or embedding inputs. Default 4096.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessages { get; set; } = 4096;

    /// <summary>Output tokens assumed per choice when the client sends no maximum. Default 4096.</summary>
    [Range(1, 1_000_000)]
    public int DefaultOutputTokens { get; set; } = 4096;

    /// <summary>
    /// True (default) for <c>/openai/v1</c> routes: the body's <c>model</c> picks the tokenizer and the
    /// model hint is only a fallback. Set false for Azure deployment routes, where the hint is the
    /// deployment's configured model and the body's <c>model</c> (if any) is ignored for counting.
    /// </summary>
    public bool BodyModelWins { get; set; } = true;

    /// <summary>A copy of these options with <see cref="BodyModelWins"/> set to <paramref name="value"/>.</summary>
    public RequestReadOptions WithBodyModelWins(bool value) => new()
    {
        MaxDepth = MaxDepth,
        MaxMessages = MaxMessages,
        DefaultOutputTokens = DefaultOutputTokens,
        BodyModelWins = value,
    };
}
