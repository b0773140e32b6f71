using Microsoft.DurableTask.Entities;

namespace TokenGate.Testing.Entities;

/// <summary>One operation whose input exists only as JSON (deserialized on demand, as the real dispatcher does).</summary>
public sealed class TestEntityOperation(string name, string? inputJson, TaskEntityState state, TaskEntityContext context) : TaskEntityOperation
{
    public override string Name { get; } = name;

    public override TaskEntityContext Context { get; } = context;

    public override TaskEntityState State { get; } = state;

    public override bool HasInput => inputJson is not null;

    public override object? GetInput(Type inputType) => EntityJson.Deserialize(inputJson, inputType);
}
