using Microsoft.DurableTask.Entities;

namespace TokenGate.Testing.Entities;

/// <summary>Entity state kept only as JSON, so anything that does not round-trip is lost as it would be in Azure.</summary>
public sealed class JsonEntityState(string? json = null) : TaskEntityState
{
    public string? Json { get; private set; } = json;

    public override bool HasState => Json is not null;

    public override object? GetState(Type type) => EntityJson.Deserialize(Json, type);

    public override void SetState(object? state) => Json = EntityJson.Serialize(state);
}
