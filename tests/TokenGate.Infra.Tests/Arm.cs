using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TokenGate.Infra.Tests;

/// <summary>Small readers for ARM template expressions.</summary>
internal static partial class Arm
{
    public static string Str(JsonNode? node) =>
        node?.GetValue<string>() ?? throw new InvalidOperationException("Expected a string.");

    /// <summary>Every GUID an expression names, following variables('x') through the template's variables.</summary>
    public static ISet<string> Guids(JsonNode? node, JsonObject template, int depth = 0)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (node is null || depth > 5)
        {
            return found;
        }

        var text = Text(node);
        foreach (Match m in GuidPattern().Matches(text))
        {
            found.Add(m.Value);
        }

        foreach (Match m in VariablePattern().Matches(text))
        {
            found.UnionWith(Guids(template["variables"]?[m.Groups[1].Value], template, depth + 1));
        }

        return found;
    }

    /// <summary>The strings inside a node, unescaped (ToJsonString would escape quotes as \\u0027).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonArray array => string.Join('\n', array.Select(Text)),
        JsonObject obj => string.Join('\n', obj.Select(p => Text(p.Value))),
        null => string.Empty,
        _ => node.ToJsonString(),
    };

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariablePattern();
}
