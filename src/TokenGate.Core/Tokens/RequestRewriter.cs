using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TokenGate.Core.Tokens;

/// <summary>
/// Rewrites a request body (already accepted by <see cref="RequestInspector"/>) with byte-level splices,
/// leaving every other byte as the client sent it: asks a streaming chat call for its usage chunk,
/// and applies the plan's output cap. Returns the original memory when nothing changes.
/// </summary>
public static class RequestRewriter
{
    /// <summary>Rewrites <paramref name="body"/>.</summary>
    /// <param name="body">The client's body.</param>
    /// <param name="facts">What <see cref="RequestInspector.Read"/> found in it.</param>
    /// <param name="maxOutputTokensCap">The plan's cap on output tokens per request; null for none.</param>
    /// <param name="chatMaxTokensField">
    /// For chat bodies without a maximum: which field to add (<c>max_tokens</c> or <c>max_completion_tokens</c>).
    /// Null picks <c>max_completion_tokens</c> for reasoning models (o-series, gpt-5), which reject
    /// <c>max_tokens</c>, and <c>max_tokens</c> otherwise (what Azure api-version 2024-10-21 clients send).
    /// </param>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> body, RequestFacts facts, int? maxOutputTokensCap, string? chatMaxTokensField = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var addStreamUsage = facts.Kind == EndpointKind.ChatCompletions && facts.Stream && !facts.ClientRequestedStreamUsage;
        var capField = CapField(facts, maxOutputTokensCap, chatMaxTokensField);
        if (!addStreamUsage && capField is null)
        {
            return body;
        }

        try
        {
            return Splice(body, facts, addStreamUsage, capField, maxOutputTokensCap.GetValueOrDefault());
        }
        catch (JsonException)
        {
            // Only reachable for a body the inspector never accepted; forward it untouched.
            return body;
        }
    }

    private static string? CapField(RequestFacts facts, int? cap, string? chatField)
    {
        if (cap is null || facts.Kind == EndpointKind.Embeddings)
        {
            return null;
        }

        if (facts.MaxOutputTokens is { } sent)
        {
            return sent > cap ? facts.MaxOutputTokensField : null;
        }

        return facts.Kind switch
        {
            EndpointKind.Responses => "max_output_tokens",
            EndpointKind.Completions => "max_tokens",
            _ => chatField ?? (IsReasoningModel(facts.CountedModel ?? facts.Model) ? "max_completion_tokens" : "max_tokens"),
        };
    }

    private static bool IsReasoningModel(string? model) =>
        model is not null && (model.StartsWith("o1", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o3", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o4", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase));

    private static ReadOnlyMemory<byte> Splice(ReadOnlyMemory<byte> body, RequestFacts facts, bool addStreamUsage, string? capField, int cap)
    {
        var map = BodyMap.Find(body.Span, capField);
        var edits = new List<(int Start, int End, string Text)>(3);
        var rootInsert = new StringBuilder();
        if (capField is not null)
        {
            var capText = cap.ToString(CultureInfo.InvariantCulture);
            if (facts.MaxOutputTokens is not null && map.CapValue.End > 0)
            {
                edits.Add((map.CapValue.Start, map.CapValue.End, capText));
            }
            else if (facts.MaxOutputTokens is null)
            {
                // A null value ("max_tokens": null) is replaced in place; absence is an insertion.
                if (map.CapValue.End > 0)
                {
                    edits.Add((map.CapValue.Start, map.CapValue.End, capText));
                }
                else
                {
                    rootInsert.Append('"').Append(capField).Append("\":").Append(capText).Append(',');
                }
            }
        }

        if (addStreamUsage)
        {
            if (map.StreamOptions.End == 0 || map.StreamOptionsIsNull)
            {
                if (map.StreamOptions.End > 0)
                {
                    edits.Add((map.StreamOptions.Start, map.StreamOptions.End, "{\"include_usage\":true}"));
                }
                else
                {
                    rootInsert.Append("\"stream_options\":{\"include_usage\":true},");
                }
            }
            else if (map.IncludeUsage.End > 0)
            {
                edits.Add((map.IncludeUsage.Start, map.IncludeUsage.End, "true"));
            }
            else
            {
                edits.Add((map.StreamOptions.Start + 1, map.StreamOptions.Start + 1, map.StreamOptionsEmpty ? "\"include_usage\":true" : "\"include_usage\":true,"));
            }
        }

        if (rootInsert.Length > 0)
        {
            if (map.RootEmpty)
            {
                rootInsert.Length--;
            }

            edits.Add((map.RootStart + 1, map.RootStart + 1, rootInsert.ToString()));
        }

        if (edits.Count == 0)
        {
            return body;
        }

        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var src = body.Span;
        var output = new List<byte>(src.Length + 64);
        var at = 0;
        foreach (var (start, end, text) in edits)
        {
            output.AddRange(src[at..start]);
            output.AddRange(Encoding.UTF8.GetBytes(text));
            at = end;
        }

        output.AddRange(src[at..]);
        return output.ToArray();
    }
}
