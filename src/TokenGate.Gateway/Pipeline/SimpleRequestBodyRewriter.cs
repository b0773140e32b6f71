using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Pipeline;

/// <summary>A JsonNode rewriter; the lead replaces it with Core's RequestRewriter.</summary>
internal sealed class SimpleRequestBodyRewriter : IRequestBodyRewriter
{
    public ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> utf8Body, RequestFacts facts, int? injectMaxOutputTokens, IReadOnlyList<string>? redactedTexts)
    {
        var needsUsage = facts.Stream && !facts.ClientRequestedStreamUsage && facts.Kind is EndpointKind.ChatCompletions or EndpointKind.Completions;
        if (!needsUsage && injectMaxOutputTokens is null && redactedTexts is null)
        {
            return utf8Body;
        }

        if (JsonNode.Parse(utf8Body.Span) is not JsonObject root)
        {
            return utf8Body;
        }

        if (needsUsage)
        {
            if (root["stream_options"] is not JsonObject streamOptions)
            {
                streamOptions = [];
                root["stream_options"] = streamOptions;
            }

            streamOptions["include_usage"] = true;
        }

        if (injectMaxOutputTokens is { } cap)
        {
            root[facts.Kind == EndpointKind.Responses ? "max_output_tokens" : "max_tokens"] = cap;
        }

        if (redactedTexts is not null)
        {
            Redact(utf8Body, facts.Kind, root, redactedTexts);
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static void Redact(ReadOnlyMemory<byte> utf8Body, EndpointKind kind, JsonObject root, IReadOnlyList<string> redactedTexts)
    {
        // Collect the paths of the user texts in the same order the reader saw them, then replace them in the node tree.
        using var document = JsonDocument.Parse(utf8Body);
        var paths = new List<string>();
        JsonRequestFields.VisitTexts(document.RootElement, kind, e => paths.Add(GetPath(document.RootElement, e)));
        for (var i = 0; i < paths.Count && i < redactedTexts.Count; i++)
        {
            var node = Navigate(root, paths[i]);
            node?.ReplaceWith(JsonValue.Create(redactedTexts[i]));
        }
    }

    private static string GetPath(JsonElement root, JsonElement target)
    {
        string? found = null;
        Walk(root, "$", target, ref found);
        return found ?? "$";
    }

    private static void Walk(JsonElement element, string path, JsonElement target, ref string? found)
    {
        if (found is not null)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.String && element.Equals(target))
        {
            found = path;
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, path + "." + property.Name, target, ref found);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, path + "[" + i++ + "]", target, ref found);
            }
        }
    }

    private static JsonNode? Navigate(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            node = node?[name];
            while (bracket >= 0 && node is not null)
            {
                var end = segment.IndexOf(']', bracket);
                node = node[int.Parse(segment.AsSpan(bracket + 1, end - bracket - 1), System.Globalization.CultureInfo.InvariantCulture)];
                bracket = segment.IndexOf('[', end);
            }
        }

        return node;
    }
}
