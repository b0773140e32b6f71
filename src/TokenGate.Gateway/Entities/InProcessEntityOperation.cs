using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>One operation handed to <see cref="ITaskEntity.RunAsync"/>.</summary>
internal sealed class InProcessEntityOperation(
    string name, string? input, DataConverter converter, InProcessEntityContext context, InProcessEntityState state) : TaskEntityOperation
{
    public override string Name { get; } = name;

    public override TaskEntityContext Context => context;

    public override TaskEntityState State => state;

    public override bool HasInput => input is not null;

    public override object? GetInput(Type inputType) =>
        input is null ? null : converter.Deserialize(input, inputType);
}
