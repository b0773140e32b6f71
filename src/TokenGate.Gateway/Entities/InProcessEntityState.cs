using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>An operation's view of entity state: kept serialized, so every read and write round-trips through the converter like Durable does.</summary>
internal sealed class InProcessEntityState(DataConverter converter, string? serialized) : TaskEntityState
{
    public string? Serialized { get; private set; } = serialized;

    public override bool HasState => Serialized is not null;

    public override object? GetState(Type type) =>
        Serialized is null ? null : converter.Deserialize(Serialized, type);

    public override void SetState(object? state) =>
        Serialized = state is null ? null : converter.Serialize(state);
}
