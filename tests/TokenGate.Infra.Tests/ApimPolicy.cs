using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TokenGate.Infra.Tests;

/// <summary>An API Management policy file from infra/policies, parsed as XML.</summary>
internal sealed partial class ApimPolicy
{
    private ApimPolicy(string text)
    {
        Text = text;
        Document = XDocument.Parse(text);
        Inbound = Document.Root!.Element("inbound")!.Elements().ToList();
    }

    public string Text { get; }

    public XDocument Document { get; }

    /// <summary>The inbound section's policies in the order they run.</summary>
    public IReadOnlyList<XElement> Inbound { get; }

    public ISet<string> NamedValues =>
        NamedValuePattern().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    public static ApimPolicy Load(string file) => new(File.ReadAllText(Path.Combine(RepoPaths.Policies, file)));

    public int IndexOf(Func<XElement, bool> match) => Inbound.ToList().FindIndex(e => match(e));

    public static bool IsSetHeader(XElement e, string header, string action) =>
        e.Name.LocalName == "set-header"
        && string.Equals((string?)e.Attribute("name"), header, StringComparison.OrdinalIgnoreCase)
        && (string?)e.Attribute("exists-action") == action;

    [GeneratedRegex(@"\{\{([A-Za-z0-9\-_.]+)\}\}")]
    private static partial Regex NamedValuePattern();
}
