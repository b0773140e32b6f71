using System.Text.Json.Nodes;

namespace TokenGate.Infra.Tests;

/// <summary>One resource of the compiled ARM template, with the (nested) template that declares it.</summary>
internal sealed record TemplateResource(string Type, JsonObject Json, JsonObject Template, string Module)
{
    public JsonObject Properties => Json["properties"]?.AsObject()
        ?? throw new InvalidOperationException($"{Type} in {Module} has no properties.");

    /// <summary>A variable of the declaring template, e.g. a role definition id.</summary>
    public JsonNode? Variable(string name) => Template["variables"]?[name];
}
