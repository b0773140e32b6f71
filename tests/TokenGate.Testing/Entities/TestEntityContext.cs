using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Testing.Entities;

/// <summary>Entity context double: knows its id and records the signals an operation sends.</summary>
public sealed class TestEntityContext(EntityInstanceId id) : TaskEntityContext
{
    public override EntityInstanceId Id { get; } = id;

    public List<(EntityInstanceId Target, string Operation, string? InputJson)> SentSignals { get; } = [];

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) =>
        SentSignals.Add((id, operationName, EntityJson.Serialize(input)));

    public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null) =>
        throw new NotSupportedException("Quota entities start no orchestrations.");
}
