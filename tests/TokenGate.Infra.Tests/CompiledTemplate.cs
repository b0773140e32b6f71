using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

/// <summary>infra/main.bicep compiled once by the real Bicep CLI, with every nested module flattened.</summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Shared = new(Compile);

    private CompiledTemplate(string text, BicepResult build)
    {
        Text = text;
        Build = build;
        Root = JsonNode.Parse(text)!.AsObject();
        var resources = new List<TemplateResource>();
        Collect(Root, "main", resources);
        Resources = resources;
    }

    public static CompiledTemplate Instance => Shared.Value;

    /// <summary>The ARM JSON as Bicep wrote it.</summary>
    public string Text { get; }

    /// <summary>The build run (diagnostics go to standard error).</summary>
    public BicepResult Build { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public TemplateResource Single(string type) => Assert.Single(OfType(type));

    private static CompiledTemplate Compile()
    {
        var outDir = Directory.CreateTempSubdirectory("tokengate-bicep-");
        try
        {
            var outFile = Path.Combine(outDir.FullName, "main.json");
            var build = BicepCli.Run("build", RepoPaths.MainBicep, "--outfile", outFile);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build failed: {build}");
            }

            return new CompiledTemplate(File.ReadAllText(outFile), build);
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    private static void Collect(JsonObject template, string module, List<TemplateResource> into)
    {
        var resources = template["resources"];
        IEnumerable<JsonNode?> items = resources switch
        {
            JsonArray array => array,
            JsonObject byName => byName.Select(p => p.Value),
            _ => [],
        };
        // languageVersion 2.0 also emits `existing` references; only deployed resources count.
        foreach (var item in items.OfType<JsonObject>().Where(i => i["existing"]?.GetValue<bool>() != true))
        {
            var type = item["type"]!.GetValue<string>();
            into.Add(new TemplateResource(type, item, template, module));
            if (type == "Microsoft.Resources/deployments" && item["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, item["name"]!.GetValue<string>(), into);
            }
        }
    }
}
